/**
 * The resident's opinion at a place (征求意见): category, text, up to 3 photos, an optional contact that only the
 * planner sees. Sending solves the proof of work in a Web Worker first, then uploads with progress; a duplicate hint
 * asks "is this yours?" before sending again. After 201 the receipt shows the ticket and who received it. A chunk of
 * its own, loaded when the resident opens the form.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { CLIENT_PROBLEM_TYPES, toApiProblem, type ApiProblem } from "../../../api/api-problem.ts";
import type { LonLat } from "../../../api/lookup.ts";
import { getOpinionChallenge, submitOpinion, type OpinionCategory, type OpinionReceipt } from "../../../api/opinions.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { addMessages, type Translate } from "../../../lib/i18n.ts";
import { OPINION_CATEGORIES, OPINION_PHOTOS_MAX, OPINION_TEXT_MAX, PHOTO_MAX_MB, receiverText, retryMinutes, ticketHref } from "./opinion-model.ts";
import { OPINION_EN, OPINION_ZH } from "./opinion-messages.ts";
import { solveProof } from "./proof-of-work.ts";
import "./opinion.css";

addMessages(OPINION_ZH, OPINION_EN);

type Proof = { challenge: string; nonce: string };

type Phase =
  | { kind: "editing" }
  | { kind: "verifying"; fraction: number }
  | { kind: "uploading"; percent: number }
  | { kind: "duplicate"; proof: Proof; similarAt: string | null }
  | { kind: "dropped" }
  | { kind: "received"; receipt: OpinionReceipt };

interface Photo {
  file: File;
  url: string;
}

/** A refused submission in words; branches on the problem's type, never on its detail. */
function problemText(t: Translate, problem: ApiProblem): string {
  const limits = { size: PHOTO_MAX_MB, max: OPINION_PHOTOS_MAX };
  switch (problem.type) {
    case "/problems/rate-limited": {
      const minutes = retryMinutes(problem.retryAfterSeconds);
      if (minutes === undefined) return t("opinion.error.rateLimited");
      return minutes === 1 ? t("opinion.error.rateLimitedMinute") : t("opinion.error.rateLimitedMinutes", { minutes });
    }
    case "/problems/validation-failed":
      return t("opinion.error.invalid", { detail: problem.detail ?? problem.title });
    case "/problems/photo-rejected":
    case "/problems/unsupported-media-type":
      return t("opinion.error.photo", { detail: problem.detail ?? problem.title });
    case "/problems/payload-too-large":
      return t("opinion.error.tooLarge", limits);
    case "/problems/opinion-outside-city":
      return t("opinion.error.outside");
    case "/problems/proof-of-work-failed":
      return t("opinion.error.proof");
    case CLIENT_PROBLEM_TYPES.network:
      return t("opinion.error.network");
    default:
      return t("opinion.error.other", { title: problem.detail ?? problem.title });
  }
}

/** The ticket, prominent, with a copy button; who received it; the link to read it later. */
function Receipt({ receipt }: { receipt: OpinionReceipt }) {
  const { t } = useLanguage();
  const [copied, setCopied] = useState(false);
  const ticketRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form the resident was in is gone: take them (and the screen reader's focus) to the ticket.
  useEffect(() => headingRef.current?.focus(), []);
  const copy = () => {
    const select = () => {
      if (ticketRef.current) window.getSelection()?.selectAllChildren(ticketRef.current);
    };
    if (!navigator.clipboard) return select();
    navigator.clipboard.writeText(receipt.ticket).then(() => setCopied(true), select);
  };
  return (
    <div className="opinion-receipt" role="status" data-testid="opinion:receipt">
      <h3 ref={headingRef} tabIndex={-1} className="answer-section__heading">
        {t("opinion.received.heading")}
      </h3>
      <p className="opinion-receipt__ticket-line">
        {t("opinion.received.ticket")}{" "}
        <strong ref={ticketRef} className="opinion-receipt__ticket" data-testid="opinion:ticket">
          {receipt.ticket}
        </strong>{" "}
        <button type="button" className="finder-link-button" onClick={copy}>
          {copied ? t("opinion.received.copied") : t("opinion.received.copy")}
        </button>
      </p>
      <p className="answer-section__intro">{t("opinion.received.keep")}</p>
      <p data-testid="opinion:received-by">{receiverText(t, receipt.receivedBy)}</p>
      <a href={ticketHref(receipt.ticket)} data-testid="opinion:ticket-link">
        {t("opinion.received.link")}
      </a>
    </div>
  );
}

interface OpinionFormProps {
  place: LonLat;
  placeName: string;
  onClose(): void;
}

export function OpinionForm({ place, placeName, onClose }: OpinionFormProps) {
  const { t } = useLanguage();
  const id = useId();
  const [category, setCategory] = useState<OpinionCategory | "">("");
  const [text, setText] = useState("");
  const [contact, setContact] = useState("");
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [photoNote, setPhotoNote] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  // Stops the worker or the upload when the form goes away (another place asked about, or cancelled).
  useEffect(() => () => controller.current?.abort(), []);
  // The previews' object URLs live as long as the form.
  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(() => () => photosRef.current.forEach((photo) => URL.revokeObjectURL(photo.url)), []);

  const addPhotos = (files: FileList | null) => {
    const notes: string[] = [];
    const added: Photo[] = [];
    for (const file of files ?? []) {
      if (photos.length + added.length >= OPINION_PHOTOS_MAX) {
        notes.push(t("opinion.photosTooMany", { max: OPINION_PHOTOS_MAX }));
        break;
      }
      // The server reads the type from the bytes; this only spares an upload that is sure to be refused.
      if (file.type !== "" && !file.type.startsWith("image/")) notes.push(t("opinion.photoNotImage", { name: file.name }));
      else if (file.size > PHOTO_MAX_MB * 1024 * 1024) notes.push(t("opinion.photoTooLarge", { name: file.name, size: PHOTO_MAX_MB }));
      else added.push({ file, url: URL.createObjectURL(file) });
    }
    setPhotos((current) => [...current, ...added]);
    setPhotoNote(notes.length > 0 ? notes.join(" ") : null);
  };

  const removePhoto = (removed: Photo) => {
    URL.revokeObjectURL(removed.url);
    setPhotos((current) => current.filter((photo) => photo !== removed));
  };

  const send = async (confirmNew: boolean, given?: Proof) => {
    if (category === "") return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const { signal } = current;
    setError(null);
    let proof = given;
    try {
      if (!proof) {
        setPhase({ kind: "verifying", fraction: 0 });
        const challenge = await getOpinionChallenge(signal);
        const nonce = await solveProof(challenge.challenge, challenge.bits, (fraction) => setPhase({ kind: "verifying", fraction }), signal);
        proof = { challenge: challenge.challenge, nonce };
      }
      setPhase({ kind: "uploading", percent: 0 });
      const receipt = await submitOpinion(
        { lon: place.lon, lat: place.lat, category, text, contact, ...proof, confirmNew, photos: photos.map((photo) => photo.file) },
        (loaded, total) => setPhase({ kind: "uploading", percent: Math.round((loaded / total) * 100) }),
        signal,
      );
      setPhase({ kind: "received", receipt });
    } catch (caught) {
      if (signal.aborted) return;
      const problem = toApiProblem(caught);
      if (problem.type === "/problems/opinion-possible-duplicate" && proof) {
        // The challenge is not used up by a refused submission: the same proof may be sent again with confirmNew.
        const similarAt = problem.body.similarReceivedAt;
        setPhase({ kind: "duplicate", proof, similarAt: typeof similarAt === "string" ? similarAt : null });
        return;
      }
      setPhase({ kind: "editing" });
      setError(problemText(t, problem));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(false);
  };

  if (phase.kind === "received") return <Receipt receipt={phase.receipt} />;
  if (phase.kind === "dropped") {
    return (
      <p className="opinion-form__message" role="status" data-testid="opinion:dropped">
        {t("opinion.duplicateDropped")}
      </p>
    );
  }

  const busy = phase.kind === "verifying" || phase.kind === "uploading";
  const length = [...text].length;
  return (
    <form className="opinion-form" aria-labelledby={`${id}-heading`} data-testid="opinion:form" onSubmit={onSubmit}>
      <h3 id={`${id}-heading`} className="answer-section__heading">
        {t("opinion.heading")}
      </h3>
      <p className="answer-section__intro">
        {t("opinion.place", { place: placeName, lon: place.lon.toFixed(5), lat: place.lat.toFixed(5) })} {t("opinion.intro")}
      </p>
      <fieldset className="opinion-form__fields" disabled={busy || phase.kind === "duplicate"}>
        <label className="opinion-form__label" htmlFor={`${id}-category`}>
          {t("opinion.category")}
        </label>
        <select
          id={`${id}-category`}
          required
          value={category}
          data-testid="opinion:category"
          onChange={(event) => setCategory(event.target.value as OpinionCategory | "")}
        >
          <option value="">{t("opinion.categoryChoose")}</option>
          {OPINION_CATEGORIES.map((key) => (
            <option key={key} value={key}>
              {t(`opinion.category.${key}`)}
            </option>
          ))}
        </select>

        <label className="opinion-form__label" htmlFor={`${id}-text`}>
          {t("opinion.text")}
        </label>
        <textarea
          id={`${id}-text`}
          required
          rows={5}
          maxLength={OPINION_TEXT_MAX}
          value={text}
          aria-describedby={`${id}-count ${id}-public`}
          data-testid="opinion:text"
          onChange={(event) => setText(event.target.value)}
        />
        <p id={`${id}-count`} className="opinion-form__hint" data-testid="opinion:count">
          {t("opinion.textCount", { count: length, max: OPINION_TEXT_MAX })}
        </p>
        <p id={`${id}-public`} className="opinion-form__hint" data-testid="opinion:public-hint">
          {t("opinion.textPublic")}
        </p>

        <label className="opinion-form__label" htmlFor={`${id}-photos`}>
          {t("opinion.photos", { max: OPINION_PHOTOS_MAX })}
        </label>
        <input
          id={`${id}-photos`}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
          multiple
          disabled={photos.length >= OPINION_PHOTOS_MAX}
          aria-describedby={`${id}-photos-hint`}
          data-testid="opinion:photos"
          onChange={(event) => {
            addPhotos(event.target.files);
            event.target.value = "";
          }}
        />
        <p id={`${id}-photos-hint`} className="opinion-form__hint">
          {t("opinion.photosHint", { size: PHOTO_MAX_MB })}
        </p>
        {photoNote ? (
          <p className="opinion-form__error" role="alert">
            {photoNote}
          </p>
        ) : null}
        {photos.length > 0 ? (
          <ul className="opinion-form__previews">
            {photos.map((photo) => (
              <li key={photo.url} data-testid="opinion:preview">
                <img src={photo.url} alt={photo.file.name} />
                <button type="button" className="finder-link-button" onClick={() => removePhoto(photo)}>
                  {t("opinion.photoRemove", { name: photo.file.name })}
                </button>
              </li>
            ))}
          </ul>
        ) : null}

        <label className="opinion-form__label" htmlFor={`${id}-contact`}>
          {t("opinion.contact")}
        </label>
        <input
          id={`${id}-contact`}
          type="text"
          maxLength={100}
          autoComplete="tel"
          value={contact}
          aria-describedby={`${id}-contact-hint`}
          data-testid="opinion:contact"
          onChange={(event) => setContact(event.target.value)}
        />
        <p id={`${id}-contact-hint`} className="opinion-form__hint">
          {t("opinion.contactHint")}
        </p>
      </fieldset>

      {phase.kind === "verifying" ? (
        <p className="opinion-form__message" role="status" data-testid="opinion:progress">
          {t("opinion.verifying")} <progress max={1} value={phase.fraction} />
        </p>
      ) : null}
      {phase.kind === "uploading" ? (
        <p className="opinion-form__message" role="status" data-testid="opinion:progress">
          {t("opinion.uploading", { percent: phase.percent })} <progress max={100} value={phase.percent} />
        </p>
      ) : null}
      {error ? (
        <p className="opinion-form__error" role="alert" data-testid="opinion:error">
          {error}
        </p>
      ) : null}

      {phase.kind === "duplicate" ? (
        <div className="opinion-form__duplicate" role="alert" data-testid="opinion:duplicate">
          <p>
            {t("opinion.duplicate")}
            {phase.similarAt ? ` ${t("opinion.duplicateWhen", { time: new Date(phase.similarAt).toLocaleTimeString() })}` : ""}
          </p>
          <button type="button" className="finder-button" data-testid="opinion:send-anyway" onClick={() => void send(true, phase.proof)}>
            {t("opinion.duplicateNo")}
          </button>{" "}
          <button type="button" className="finder-button" data-testid="opinion:not-again" onClick={() => setPhase({ kind: "dropped" })}>
            {t("opinion.duplicateYes")}
          </button>
        </div>
      ) : (
        <div className="opinion-form__actions">
          <button type="submit" className="finder-button opinion-form__submit" disabled={busy} data-testid="opinion:submit">
            {t("opinion.submit")}
          </button>{" "}
          <button type="button" className="finder-link-button" onClick={onClose}>
            {t("opinion.cancel")}
          </button>
        </div>
      )}
    </form>
  );
}
