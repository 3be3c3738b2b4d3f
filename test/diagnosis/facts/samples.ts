/** Collector outputs shaped like real captures (English and zh-CN), with made-up machines and domains. */
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';

export const SYSTEMINFO_EN = `
Host Name:                 PC-01
OS Name:                   Microsoft Windows 10 Pro
OS Version:                10.0.19045 N/A Build 19045
OS Manufacturer:           Microsoft Corporation
OS Configuration:          Member Workstation
OS Build Type:             Multiprocessor Free
Registered Owner:          User
Registered Organization:   Contoso
Product ID:                00330-80000-00000-AA000
Original Install Date:     3/14/2022, 9:12:45 AM
System Boot Time:          5/22/2023, 8:01:10 AM
System Manufacturer:       Contoso Hardware
System Model:              Model 1
System Type:               x64-based PC
Processor(s):              1 Processor(s) Installed.
                           [01]: Intel64 Family 6 Model 142 Stepping 12 GenuineIntel ~1803 Mhz
BIOS Version:              Contoso 1.2.3, 1/1/2022
Windows Directory:         C:\\Windows
System Directory:          C:\\Windows\\system32
Boot Device:               \\Device\\HarddiskVolume1
System Locale:             en-us;English (United States)
Input Locale:              en-us;English (United States)
Time Zone:                 (UTC-08:00) Pacific Time (US & Canada)
Total Physical Memory:     16,191 MB
Available Physical Memory: 9,812 MB
Virtual Memory: Max Size:  18,623 MB
Virtual Memory: Available: 10,970 MB
Virtual Memory: In Use:    7,653 MB
Page File Location(s):     C:\\pagefile.sys
Domain:                    contoso.test
Logon Server:              \\\\DC01
Hotfix(s):                 3 Hotfix(s) Installed.
                           [01]: KB5022502
                           [02]: KB5015684
                           [03]: KB5026361
Network Card(s):           1 NIC(s) Installed.
                           [01]: Intel(R) Ethernet Connection
                                 Connection Name: Ethernet
                                 DHCP Enabled:    Yes
                                 DHCP Server:     192.0.2.1
                                 IP address(es)
                                 [01]: 192.0.2.15
Hyper-V Requirements:      A hypervisor has been detected. Features required for Hyper-V will not be displayed.
`.replace(/\n/g, '\r\n');

export const SYSTEMINFO_ZH = `
主机名:           PC-02
OS 名称:          Microsoft Windows 10 专业版
OS 版本:          10.0.19044 暂缺 Build 19044
OS 制造商:        Microsoft Corporation
OS 配置:          独立工作站
OS 构件类型:      Multiprocessor Free
注册的所有人:     User
注册的组织:       暂缺
产品 ID:          00331-10000-00001-AA000
初始安装日期:     2022/7/11, 12:46:14
系统启动时间:     2023/5/22, 8:01:10
系统制造商:       Contoso Hardware
系统型号:         Model 2
系统类型:         x64-based PC
处理器:           安装了 1 个处理器。
                  [01]: Intel64 Family 6 Model 158 Stepping 10 GenuineIntel ~3000 Mhz
BIOS 版本:        Contoso 2.0, 2022/1/1
Windows 目录:     C:\\Windows
系统目录:         C:\\Windows\\system32
启动设备:         \\Device\\HarddiskVolume1
系统区域设置:     zh-cn;中文(中国)
输入法区域设置:   zh-cn;中文(中国)
时区:             (UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐
物理内存总量:     16,270 MB
可用的物理内存:   8,103 MB
虚拟内存: 最大值: 18,702 MB
虚拟内存: 可用:   9,421 MB
虚拟内存: 使用中: 9,281 MB
页面文件位置:     C:\\pagefile.sys
域:               WORKGROUP
登录服务器:       \\\\PC-02
修补程序:         安装了 2 个修补程序。
                  [01]: KB5012170
                  [02]: KB5015684
网卡:             安装了 1 个 NIC。
                  [01]: Realtek PCIe GbE Family Controller
                      连接名:      以太网
                      启用 DHCP:   是
                      IP 地址
                        [01]: 192.0.2.20
Hyper-V 要求:     已检测到虚拟机监控程序。将不显示 Hyper-V 所需的功能。
`.replace(/\n/g, '\r\n');

/** The bytes a collector would produce: cmd.exe on zh-CN (gbk), PowerShell 5.1 (utf16le + BOM), PS 7 (utf8). */
export function bytesOf(text: string, encoding: 'gbk' | 'utf16le-bom' | 'utf8'): Buffer {
  if (encoding === 'utf16le-bom')
    return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
  return iconv.encode(text, encoding);
}

/** A byte stream in small chunks, so multi-byte characters straddle chunk boundaries. */
export function streamOf(bytes: Buffer, chunk = 5): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return Readable.from(parts);
}
