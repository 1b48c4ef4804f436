/**
 * Whether a folder can take the embedded database's files, tried by writing, as permission bits alone do not say
 * (root ignores them; a read-only mount or an immutable folder refuses root too).
 */
import fs from "node:fs";
import path from "node:path";

/** Why `folder` (made when missing) cannot be written, in a few words with the system's code; undefined when it can. */
export function unwritableFolderReason(folder: string): string | undefined {
  const probe = path.join(folder, `.write-check-${process.pid}`);
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const words: Record<string, string> = { EROFS: "it is on a read-only file system", EACCES: "permission denied", EPERM: "the operation is not permitted", ENOSPC: "the disk is full", ENOTDIR: "a file stands where a folder should" };
    return `${(code && words[code]) ?? "it cannot be written"}${code ? `, ${code}` : ""}`;
  }
}
