/** The two ways out of a 412, the same for every record: keep their version (mine is dropped) or apply mine on top of theirs. */
export function ConflictChoices(props: {
  keepTheirs: string;
  applyMine: string;
  busy: boolean;
  /** The data-testid prefix of the two buttons: `<prefix>:keep-theirs`, `<prefix>:apply-mine`. */
  testId: string;
  className: string;
  onKeepTheirs(): void;
  onApplyMine(): void;
}) {
  return (
    <div className={props.className}>
      <button type="button" onClick={props.onKeepTheirs} disabled={props.busy} data-testid={`${props.testId}:keep-theirs`}>
        {props.keepTheirs}
      </button>
      <button type="button" onClick={props.onApplyMine} disabled={props.busy} data-testid={`${props.testId}:apply-mine`}>
        {props.applyMine}
      </button>
    </div>
  );
}
