import { Alert, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from './api.ts';

export type ApiIssue = ApiError['issues'][number];
/** Gives a better message for an issue than the server's generic one, or undefined to keep it. */
export type IssueRewrite = (issue: ApiIssue) => string | undefined;

type NamePath = (string | number)[];

function toPath(field: string): NamePath {
  return field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Splits a failed request into errors for the form's own fields (server `issues` whose field the
 * form shows) and the rest, which the form shows above its fields.
 */
export function splitIssues(
  err: unknown,
  known: readonly string[],
  rewrite?: IssueRewrite,
): { fields: { name: NamePath; errors: string[] }[]; rest: string[] } {
  if (!(err instanceof ApiError))
    return { fields: [], rest: [err instanceof Error ? err.message : String(err)] };
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const raw of err.issues) {
    const issue = { ...raw, message: rewrite?.(raw) ?? raw.message };
    const isKnown = known.some((k) => issue.field === k || issue.field.startsWith(`${k}.`));
    if (isKnown) byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue.message]);
    else rest.push(issue.message);
  }
  if (byField.size === 0 && rest.length === 0) rest.push(err.message);
  return { fields: [...byField].map(([f, errors]) => ({ name: toPath(f), errors })), rest };
}

/** Form-level error state: `report(err)` puts field issues on the fields and keeps the rest for an alert. */
export function useFormErrors(form: FormInstance, known: readonly string[], rewrite?: IssueRewrite) {
  const [messages, setMessages] = useState<string[]>([]);
  const report = useCallback(
    (err: unknown) => {
      const { fields, rest } = splitIssues(err, known, rewrite);
      form.setFields(fields);
      setMessages(rest);
      const first = fields[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
    },
    [form, known, rewrite],
  );
  const clear = useCallback(() => setMessages([]), []);
  return { messages, report, clear };
}

export function FormErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={
        messages.length === 1 ? (
          messages[0]
        ) : (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )
      }
    />
  );
}
