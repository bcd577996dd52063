import { type CSSProperties, forwardRef, useImperativeHandle, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const LINE_HEIGHT = 22;
const MONO = '"SFMono-Regular", Consolas, "Liberation Mono", Menlo, "Noto Sans Mono CJK SC", monospace';

const frame: CSSProperties = {
  display: 'flex',
  border: '1px solid #d9d9d9',
  borderRadius: 4,
  background: '#fff',
  fontFamily: MONO,
  fontSize: 13,
  lineHeight: `${LINE_HEIGHT}px`,
  overflow: 'hidden',
};

const gutterStyle: CSSProperties = {
  flex: 'none',
  minWidth: 40,
  padding: '6px 8px 6px 6px',
  margin: 0,
  textAlign: 'right',
  color: '#8c8c8c',
  background: '#fafafa',
  borderRight: '1px solid #f0f0f0',
  userSelect: 'none',
  overflow: 'hidden',
  whiteSpace: 'pre',
};

export type LineMarks = Map<number, 'error' | 'warning'>;

const MARK_COLORS = { error: '#a8071a', warning: '#d46b08' } as const;
const MARK_BG = { error: '#fff1f0', warning: '#fff7e6' } as const;

function Gutter({ count, marks, label }: { count: number; marks?: LineMarks; label: string }) {
  return (
    <div aria-hidden title={label} style={gutterStyle} data-gutter>
      {Array.from({ length: count }, (_, i) => {
        const mark = marks?.get(i + 1);
        return (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: line numbers are the identity here
            key={i}
            style={
              mark
                ? {
                    color: MARK_COLORS[mark],
                    background: MARK_BG[mark],
                    fontWeight: 600,
                    marginInline: -6,
                    paddingInline: 6,
                  }
                : undefined
            }
          >
            {i + 1}
          </div>
        );
      })}
    </div>
  );
}

/** A rule shown read-only, monospace, with line numbers. */
export function RuleBlock({
  text,
  marks,
  maxHeight,
}: {
  text: string;
  marks?: LineMarks;
  maxHeight?: number;
}) {
  const { t } = useTranslation('eligibility');
  const lines = text.split('\n');
  return (
    <div style={{ ...frame, maxHeight, overflow: 'auto' }} className="ms-rule-block">
      <Gutter count={lines.length} marks={marks} label={t('editor.lines')} />
      <pre
        style={{ margin: 0, padding: '6px 10px', whiteSpace: 'pre', flex: 1, minWidth: 0, fontFamily: MONO }}
      >
        {text}
      </pre>
    </div>
  );
}

export interface RuleEditorHandle {
  /** Puts text at the cursor (replacing the selection) and keeps the focus in the editor. */
  insert(text: string): void;
  /** Moves the cursor to the start of a line (1-based) and column. */
  goTo(line: number, col?: number): void;
}

/**
 * The rule as the officer types it: a plain monospace textarea beside line numbers that scroll
 * with it. Lines never wrap, so a number always faces its line.
 */
export const RuleEditor = forwardRef<
  RuleEditorHandle,
  {
    value: string;
    onChange: (text: string) => void;
    marks?: LineMarks;
    height: number;
    label: string;
    readOnly?: boolean;
  }
>(function RuleEditor({ value, onChange, marks, height, label, readOnly }, ref) {
  const { t } = useTranslation('eligibility');
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const count = value.split('\n').length;

  useImperativeHandle(
    ref,
    () => ({
      insert(text) {
        const el = area.current;
        if (!el) return;
        const start = el.selectionStart ?? value.length;
        const end = el.selectionEnd ?? start;
        const before = value.slice(0, start);
        const after = value.slice(end);
        // A space either side keeps the inserted name apart from the words around it.
        const lead = before && !/\s$/.test(before) ? ' ' : '';
        const trail = after && !/^\s/.test(after) ? ' ' : '';
        const next = `${before}${lead}${text}${trail}${after}`;
        onChange(next);
        const caret = start + lead.length + text.length + trail.length;
        requestAnimationFrame(() => {
          el.focus();
          el.setSelectionRange(caret, caret);
        });
      },
      goTo(line, col = 1) {
        const el = area.current;
        if (!el) return;
        const lines = value.split('\n');
        let offset = 0;
        for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += (lines[i]?.length ?? 0) + 1;
        offset += Math.max(0, col - 1);
        el.focus();
        el.setSelectionRange(offset, offset);
        el.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT);
      },
    }),
    [value, onChange],
  );

  return (
    <div style={{ ...frame, height }}>
      <div ref={gutter} style={{ overflow: 'hidden', flex: 'none' }}>
        <Gutter count={count} marks={marks} label={t('editor.lines')} />
      </div>
      <textarea
        ref={area}
        data-testid="rule-editor"
        aria-label={label}
        value={value}
        readOnly={readOnly}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        style={{
          flex: 1,
          minWidth: 0,
          border: 'none',
          outline: 'none',
          resize: 'none',
          padding: '6px 10px',
          margin: 0,
          fontFamily: MONO,
          fontSize: 13,
          lineHeight: `${LINE_HEIGHT}px`,
          whiteSpace: 'pre',
          overflow: 'auto',
          tabSize: 2,
          background: readOnly ? '#fafafa' : '#fff',
        }}
      />
    </div>
  );
});
