/** Checks an archive before the upload is accepted: a hostile or broken one is refused, not stored. */
import { openBundle, isBundleError } from '../diagnosis/bundle';
import { UploadRefused, type UploadKind } from './service';

/** Refuses a hostile or broken archive before it is accepted (every check runs inside openBundle). */
export async function inspectArchive(file: string, _kind: UploadKind): Promise<void> {
  try {
    const bundle = await openBundle(file);
    await bundle.close();
  } catch (err) {
    if (isBundleError(err)) {
      throw new UploadRefused(err.code, { ...(err.params as Record<string, string | number>) });
    }
    throw err;
  }
}
