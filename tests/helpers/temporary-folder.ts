/** A temporary folder for the tests of one describe block: made (and filled by `fill`) before them, removed after them. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

export interface TemporaryFolder {
  /** The folder's path; set once beforeAll has run. */
  readonly path: string;
}

export function useTemporaryFolder(prefix: string, fill?: (folder: string) => void): TemporaryFolder {
  let folder = "";
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fill?.(folder);
  });
  afterAll(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });
  return {
    get path() {
      if (!folder) throw new Error("the temporary folder is made in beforeAll: read its path in a test or hook");
      return folder;
    },
  };
}
