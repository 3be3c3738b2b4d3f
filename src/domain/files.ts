/** The files of the knowledge base's remediation playbooks that the bot can send a user, by script name. */
import type { FileId } from './caseRecord';

/** The file a remediation playbook's script (knowledge/scripts) is sent as, if the bot can send it. */
const SCRIPT_FILES: Readonly<Record<string, FileId>> = { 'UpdateReset.cmd': 'update-reset' };

export function fileIdOfScript(script: string): FileId | undefined {
  return Object.prototype.hasOwnProperty.call(SCRIPT_FILES, script) ? SCRIPT_FILES[script] : undefined;
}
