/**
 * A record's photos as thumbnails (GET /api/photos/{id}/thumbnail, signed in); a click opens the photo in full in a
 * modal dialog (Escape or the button closes it). Shared by the opinions and work-records tabs.
 */
import { useEffect, useRef, useState } from "react";
import type { PhotoSummary } from "@contracts/opinions.ts";
import { photoHref } from "../../../api/opinions-staff.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";

export function PhotoStrip({ photos }: { photos: readonly PhotoSummary[] }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState<PhotoSummary | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);
  if (photos.length === 0) return null;
  return (
    <div className="photo-strip" data-testid="photo-strip">
      {photos.map((photo, index) => (
        <button key={photo.id} type="button" className="photo-strip__thumb" onClick={() => setOpen(photo)} aria-label={t("workspace.opinions.photo", { index: index + 1 })}>
          <img src={photoHref(photo.id, true)} alt="" loading="lazy" data-photo-id={photo.id} />
        </button>
      ))}
      {open && (
        <dialog ref={dialog} className="photo-strip__dialog" aria-label={t("workspace.opinions.photoFull")} onClose={() => setOpen(null)}>
          <img src={photoHref(open.id, false)} alt={t("workspace.opinions.photoFull")} width={open.width} height={open.height} />
          <button type="button" onClick={() => dialog.current?.close()} autoFocus>
            {t("workspace.opinions.closePhoto")}
          </button>
        </dialog>
      )}
    </div>
  );
}
