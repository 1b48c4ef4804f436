/**
 * The search box: an ARIA 1.2 combobox with a listbox of suggestions (townships, villages and communities, planners,
 * projects, in Chinese or pinyin). Focus stays in the input; the arrow keys move the active option
 * (aria-activedescendant), Enter chooses it (or the first suggestion, even if it is still on its way), Escape closes
 * the list and then clears the box. A polite status line tells screen readers how many suggestions there are. When
 * nothing matches, the list offers the places with the nearest names instead ("您是不是要找：" / "Did you mean:").
 * In English each place name has its pinyin beside it.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { SEARCH_QUERY_MAX_LENGTH, type SearchResult } from "../../../api/search.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { rememberPinyin, usePlaceNames } from "../answer/place-names.ts";
import { resultName, resultText } from "./result-text.ts";
import "./search.css";
import { usePlaceSearch } from "./use-place-search.ts";

interface SearchBoxProps {
  onChoose(result: SearchResult): void;
}

export function SearchBox({ onChoose }: SearchBoxProps) {
  const { t, language } = useLanguage();
  const { placePinyin } = usePlaceNames();
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
  // Nothing matched: the nearest names take the matches' place in the list, under "did you mean".
  const suggesting = results.length === 0 && (search.response?.suggestions.length ?? 0) > 0;
  const options = suggesting ? (search.response?.suggestions ?? []) : results;
  const fresh = search.query !== "" && !search.loading;
  const showList = open && search.query !== "" && options.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;

  const choose = (result: SearchResult) => {
    // The answer names the chosen place too: its pinyin is known from here on.
    if (result.type === "division") rememberPinyin([[result.name, result.pinyin]]);
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
    const count = options.length;
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
        const active = showList && activeIndex >= 0 ? options[activeIndex] : undefined;
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
    else if (suggesting) {
      const names = options.map((option) => resultName(option)).join("、");
      status = t("finder.searchBox.didYouMeanStatus", { query: search.query, names });
    } else if (results.length === 0) status = t("finder.search.none", { query: search.query });
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
          placeholder={t("finder.searchBox.placeholder")}
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
        aria-label={suggesting ? t("finder.searchBox.didYouMean") : t("finder.search.listLabel")}
        data-suggesting={suggesting || undefined}
        data-heading={suggesting ? t("finder.searchBox.didYouMean") : undefined}
        aria-busy={!fresh}
        hidden={!showList}
        data-testid="search:listbox"
        // Keeps focus in the input when an option is pressed, so the list does not close before the click lands.
        onPointerDown={(event) => event.preventDefault()}
        onMouseDown={(event) => event.preventDefault()}
      >
        {showList
          ? options.map((result, index) => {
              const text = resultText(t, language === "en", placePinyin, result);
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
                  data-match={result.match.tier}
                  onClick={() => choose(result)}
                >
                  <span className="search__option-title">
                    <span className="search__option-name">{text.name}</span>
                    {text.pinyin ? (
                      <span className="search__option-pinyin" lang="zh-Latn-pinyin" data-testid="search:option-pinyin">
                        {` ${text.pinyin}`}
                      </span>
                    ) : null}
                  </span>
                  <span className="search__option-detail">
                    {text.detail}
                    {text.note ? (
                      <span className="search__option-note" data-testid="search:option-note">
                        {` · ${text.note}`}
                      </span>
                    ) : null}
                  </span>
                  <span className="search__option-type">{text.type}</span>
                </li>
              );
            })
          : null}
      </ul>
      {open && search.query !== "" && fresh && (options.length === 0 || search.problem) ? (
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
