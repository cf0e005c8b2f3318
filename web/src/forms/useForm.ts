import { useCallback, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { errorInfo, retryText, type ErrorInfo } from "./errors";
import type { Rule } from "./rules";

type Values = Record<string, string>;
export type Rules<V extends Values> = Partial<{ [K in keyof V]: Rule }>;

export interface FormApi<V extends Values> {
  values: V;
  errors: Partial<Record<keyof V, string>>;
  /** An error no field owns (a rate limit, a network failure), shown above the submit button. */
  formError?: string;
  submitting: boolean;
  setValue: (name: keyof V, value: string) => void;
  /** Props for a Mantine input: value, onChange, onBlur, error, name. */
  field: (name: keyof V) => {
    name: string;
    value: string;
    error?: string;
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
    onBlur: () => void;
  };
  /** Validates, then runs `submit` only when every rule passes; server errors land on their field. */
  onSubmit: (submit: (values: V) => Promise<unknown>) => (event?: FormEvent) => Promise<void>;
  /** Shows an error from the server on its field (extensions.field) or on the form. */
  showError: (error: unknown) => ErrorInfo;
  reset: (values?: V) => void;
}

/**
 * A small form state helper: the same rules as the server run on blur and on submit, a request
 * is sent only when they all pass, and the server's answer is mapped back onto the field it names.
 */
export function useForm<V extends Values>(initial: V, rules: Rules<V> = {}): FormApi<V> {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof V, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  // The latest values for handlers (kept in step by setValue and reset); a form's rules are fixed.
  const valuesRef = useRef(values);
  const rulesRef = useRef(rules);

  const check = useCallback((name: keyof V, value: string) => rulesRef.current[name]?.(value, valuesRef.current), []);

  const setValue = useCallback((name: keyof V, value: string) => {
    setValues((prev) => {
      const next = { ...prev, [name]: value };
      valuesRef.current = next;
      return next;
    });
    // A field the person is fixing loses its old error as soon as it becomes valid.
    setErrors((prev) =>
      prev[name] && !rulesRef.current[name]?.(value, valuesRef.current) ? { ...prev, [name]: undefined } : prev,
    );
  }, []);

  const showError = useCallback((error: unknown) => {
    const info = errorInfo(error);
    const field = info.field as keyof V | undefined;
    if (field && field in valuesRef.current) {
      setErrors((prev) => ({ ...prev, [field]: info.message }));
      setFormError(undefined);
    } else if (info.code === "RATE_LIMITED" && info.retryAfterSeconds) {
      setFormError(
        `${info.message.replace(/ Try again later\.?$/, "")} Try again in ${retryText(info.retryAfterSeconds)}.`,
      );
    } else {
      setFormError(info.message);
    }
    return info;
  }, []);

  const onSubmit = useCallback(
    (submit: (values: V) => Promise<unknown>) => async (event?: FormEvent) => {
      event?.preventDefault();
      const current = valuesRef.current;
      const found: Partial<Record<keyof V, string>> = {};
      for (const name of Object.keys(rulesRef.current) as (keyof V)[]) {
        const message = check(name, current[name] ?? "");
        if (message) found[name] = message;
      }
      setErrors(found);
      setFormError(undefined);
      if (Object.values(found).some(Boolean)) {
        // Focus the first wrong field, so keyboard and screen reader users land on it.
        const first = Object.keys(found)[0];
        if (typeof document !== "undefined") document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
        return;
      }
      setSubmitting(true);
      try {
        await submit(current);
      } catch (error) {
        showError(error);
      } finally {
        setSubmitting(false);
      }
    },
    [check, showError],
  );

  const field = useCallback(
    (name: keyof V) => ({
      name: String(name),
      value: values[name] ?? "",
      error: errors[name],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        setValue(name, event.currentTarget.value),
      onBlur: () => {
        const value = valuesRef.current[name] ?? "";
        if (value) setErrors((prev) => ({ ...prev, [name]: check(name, value) }));
      },
    }),
    [values, errors, setValue, check],
  );

  const reset = useCallback(
    (next?: V) => {
      valuesRef.current = next ?? initial;
      setValues(next ?? initial);
      setErrors({});
      setFormError(undefined);
    },
    [initial],
  );

  return { values, errors, formError, submitting, setValue, field, onSubmit, showError, reset };
}
