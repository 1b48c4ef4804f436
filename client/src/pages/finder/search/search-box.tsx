/**
 * The search box: an ARIA 1.2 combobox with a listbox of suggestions (townships, villages and communities, planners,
 * projects, in Chinese or pinyin). Focus stays in the input; the arrow keys move the active option
 * (aria-activedescendant), Enter chooses it (or the first suggestion, even if it is still on its way), Escape closes
 * the list and then clears the box. A polite status line tells screen readers how many suggestions there are.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { SEARCH_QUERY_MAX_LENGTH, type SearchResult } from "../../../api/search.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { resultName, resultText } from "./result-text.ts";
import { usePlaceSearch } from "./use-place-search.ts";

interface SearchBoxProps {
  onChoose(result: SearchResult): void;
}

export function SearchBox({ onChoose }: SearchBoxProps) {
  const { t } = useLanguage();
  const id = useId();
  const inputId = `${id}-input`;
  const listboxId = `${id}-listbox`;
  const hintId = `${id}-hint`;
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  // Enter pressed before the suggestions of the typed text arrived: choose the first one when they do.
  const [enterPending, setEnterPending] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);

  // Only an open list searches: a chosen name left in the box costs no request.
  const search = usePlaceSearch(open ? text : "");
  const results = search.response?.results ?? [];
  const fresh = search.query !== "" && !search.loading;
  const showList = open && search.query !== "" && results.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;

  const choose = (result: SearchResult) => {
    setText(resultName(result));
    setOpen(false);
    setActiveIndex(-1);
    setEnterPending(false);
    onChoose(result);
  };

  // New suggestions: no option is active until the visitor moves to one.
  useEffect(() => setActiveIndex(-1), [search.response]);

  useEffect(() => {
    if (!enterPending || !fresh) return;
    setEnterPending(false);
    const first = results[0];
    if (first) choose(first);
  }, [enterPending, fresh, results]);

  useEffect(() => {
    if (activeIndex < 0) return;
    listRef.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeIndex]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = results.length;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) setOpen(true);
        else if (count > 0) setActiveIndex((index) => (index + 1) % count);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!open) setOpen(true);
        else if (count > 0) setActiveIndex((index) => (index <= 0 ? count - 1 : index - 1));
        break;
      case "Enter": {
        event.preventDefault();
        const active = showList && activeIndex >= 0 ? results[activeIndex] : undefined;
        if (active) choose(active);
        else if (text.trim() !== "") {
          setOpen(true);
          if (fresh && results[0]) choose(results[0]);
          else setEnterPending(true);
        }
        break;
      }
      case "Escape":
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActiveIndex(-1);
        } else if (text !== "") {
          event.preventDefault();
          setText("");
        }
        break;
      default:
    }
  };

  let status = "";
  if (open && search.query !== "") {
    if (search.problem) status = t("finder.search.failed", { title: search.problem.detail ?? search.problem.title });
    else if (!fresh) status = t("finder.search.searching");
    else if (results.length === 0) status = t("finder.search.none", { query: search.query });
    else status = t("finder.search.count", { count: results.length, total: search.response?.total ?? results.length });
  }

  return (
    <form className="search" role="search" aria-label={t("finder.search.landmark")} onSubmit={(event) => event.preventDefault()}>
      <label className="search__label" htmlFor={inputId}>
        {t("finder.search.label")}
      </label>
      <div className="search__field">
        <svg className="search__icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
          <circle cx="7.5" cy="7.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M11.6 11.6 16 16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <input
          id={inputId}
          className="search__input"
          type="search"
          role="combobox"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="search"
          maxLength={SEARCH_QUERY_MAX_LENGTH}
          placeholder={t("finder.search.placeholder")}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listboxId}
          aria-activedescendant={showList && activeIndex >= 0 ? optionId(activeIndex) : undefined}
          aria-describedby={hintId}
          data-testid="search:input"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActiveIndex(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setEnterPending(false);
          }}
        />
        {text !== "" ? (
          <button
            type="button"
            className="search__clear"
            aria-label={t("finder.search.clear")}
            title={t("finder.search.clear")}
            data-testid="search:clear"
            onClick={() => {
              setText("");
              setOpen(false);
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>
      <p id={hintId} className="visually-hidden">
        {t("finder.search.hint")}
      </p>
      <ul
        ref={listRef}
        id={listboxId}
        className="search__listbox"
        role="listbox"
        aria-label={t("finder.search.listLabel")}
        aria-busy={!fresh}
        hidden={!showList}
        data-testid="search:listbox"
        // Keeps focus in the input when an option is pressed, so the list does not close before the click lands.
        onPointerDown={(event) => event.preventDefault()}
        onMouseDown={(event) => event.preventDefault()}
      >
        {showList
          ? results.map((result, index) => {
              const text = resultText(t, result);
              return (
                <li
                  key={result.key}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === activeIndex}
                  className={index === activeIndex ? "search__option is-active" : "search__option"}
                  data-index={index}
                  data-testid="search:option"
                  data-type={result.type}
                  onClick={() => choose(result)}
                >
                  <span className="search__option-name">{text.name}</span>
                  <span className="search__option-detail">{text.detail}</span>
                  <span className="search__option-type">{text.type}</span>
                </li>
              );
            })
          : null}
      </ul>
      {open && search.query !== "" && fresh && (results.length === 0 || search.problem) ? (
        <p className="search__message" data-testid="search:message">
          {status}
        </p>
      ) : null}
      <p className="visually-hidden" role="status" data-testid="search:status">
        {status}
      </p>
    </form>
  );
}
