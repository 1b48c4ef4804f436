/** The workspace's sign-in: name and password; a wrong pair, a locked account or too many tries say so in words. */
import { useState, type FormEvent } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { signIn, type SessionUser } from "../../../api/session.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { LanguageSwitch } from "../../../features/language/language-switch.tsx";

export function SignInForm({ onSignedIn }: { onSignedIn(user: SessionUser): void }) {
  const { t } = useLanguage();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await signIn(name.trim(), password));
    } catch (error) {
      const found = toApiProblem(error);
      setProblem(
        found.status === 401 ? t("workspace.signIn.wrong")
        : found.status === 423 ? t("workspace.signIn.locked")
        : found.status === 429 ? t("workspace.signIn.tooMany")
        : (found.detail ?? found.title),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-heading" data-testid="sign-in-form">
        <h1 id="sign-in-heading">
          {t("app.title")} · {t("workspace.title")}
        </h1>
        <p>{t("workspace.signIn.intro")}</p>
        <label>
          {t("workspace.signIn.name")}
          <input name="name" autoComplete="username" required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          {t("workspace.signIn.password")}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {problem && (
          <p className="sign-in-problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t("workspace.signIn.busy") : t("workspace.signIn.submit")}
        </button>
        <p className="sign-in-links">
          <a href="/">{t("workspace.publicPageLink")}</a> <LanguageSwitch />
        </p>
      </form>
    </main>
  );
}
