/** The artifact contract on the folder store: two instances on one folder (a shared disk). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileArtifactStore } from '../../src/uploads/artifacts';
import { artifactContract } from './artifactContract';

let root: string | undefined;

artifactContract({
  name: 'a folder',
  async instances() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-art-'));
    root = dir;
    return [new FileArtifactStore(dir), new FileArtifactStore(dir)];
  },
  async cleanUp() {
    if (root) fs.rmSync(root, { recursive: true, force: true });
    root = undefined;
  },
});
