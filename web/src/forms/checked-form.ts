import { useForm, type FormErrors, type FormValidateInput, type UseFormReturnType } from "@mantine/form";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { errorInfo, retryText, type ErrorInfo } from "./errors";

export interface CheckedFormOptions<V> {
  initialValues: V;
  /** Rules by field (forms/rules.ts), or a function answering every problem by path. */
  validate: FormValidateInput<V>;
}

export type CheckedForm<V> = Omit<UseFormReturnType<V>, "reset"> & {
  /** An error no field owns (a rate limit, a network failure), shown above the submit button. */
  formError?: string;
  /** Validates, then runs `submit` only when every rule passes; a thrown server error lands on its field. */
  handleSubmit: (submit: (values: V) => Promise<unknown>) => (event?: FormEvent<HTMLFormElement>) => void;
  /** Shows an error from the server on its field (extensions.field) or on the form. */
  showError: (error: unknown) => ErrorInfo;
  /** The ref for the input showing `path`'s error, when the input is not spread from getInputProps. */
  inputRef: (path: string) => (element: HTMLElement | null) => void;
  /** Back to the initial values, or to `values` from now on; every error goes. */
  reset: (values?: V) => void;
};

/** "actions[0].deviceId" (the server's field paths) as the form's path, "actions.0.deviceId". */
export const formPath = (serverPath: string) => serverPath.replace(/\[(\d+)\]/g, ".$1");

/** The value at a form path ("trigger.at", "actions.0.mode"); undefined when there is none. */
export const valueAt = (path: string, values: unknown): unknown =>
  path.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], values);

/**
 * A Mantine form with Homegraph's conventions: the server's rules run on blur and on submit, a
 * request is sent only when they all pass (focus lands on the first wrong field), a field loses
 * its error as soon as it becomes valid, and the server's answer is mapped back onto the field it
 * names by `extensions.field`.
 */
export function useCheckedForm<V extends object>({ initialValues, validate }: CheckedFormOptions<V>): CheckedForm<V> {
  const [formError, setFormError] = useState<string>();
  const inputs = useRef(new Map<string, HTMLElement>());
  const refs = useRef(new Map<string, (element: HTMLElement | null) => void>());
  const setErrors = useRef<UseFormReturnType<V>["setErrors"]>(null);

  const inputRef = useCallback((path: string) => {
    let ref = refs.current.get(path);
    if (!ref) {
      ref = (element) => {
        if (element) inputs.current.set(path, element);
        else inputs.current.delete(path);
      };
      refs.current.set(path, ref);
    }
    return ref;
  }, []);

  const form = useForm<V>({
    mode: "controlled",
    initialValues,
    validate,
    clearInputErrorOnChange: false,
    // With rules by field, a field loses its error once it is right, and the others keep theirs
    // (a server's too). With one function for the whole form (a rule whose parts hang together),
    // an error stays only while the function still finds it: switching a trigger's type drops the
    // errors of the fields it hides.
    onValuesChange: (values, previous) => {
      setErrors.current?.((errors) => {
        // A function's answer is read by exact path: "actions" is not wrong because "actions.0.mode" is.
        const found = typeof validate === "function" ? (validate(values) as FormErrors) : undefined;
        const keep = (path: string) => {
          if (found) return !!found[path];
          const value = valueAt(path, values);
          if (value === valueAt(path, previous)) return true;
          const rule = (validate as Record<string, unknown>)[path];
          return typeof rule === "function" && !!rule(value, values, path);
        };
        return Object.fromEntries(Object.entries(errors).filter(([path]) => keep(path)));
      });
    },
    // Inputs spread from getInputProps carry their field's name (autofill and password managers
    // read it) and the ref focus goes through; leaving a filled-in field checks it.
    enhanceGetInputProps: ({ field, form: self }) => ({
      name: String(field),
      ref: inputRef(String(field)),
      "data-path": undefined,
      onBlur: () => {
        if (valueAt(String(field), self.getValues())) self.validateField(field);
      },
    }),
  });
  useEffect(() => {
    setErrors.current = form.setErrors;
  }, [form.setErrors]);

  const focusFirst = (errors: FormErrors) => {
    const first = Object.keys(errors).find((path) => inputs.current.has(path));
    if (first) inputs.current.get(first)?.focus();
  };

  const showError = (error: unknown) => {
    const info = errorInfo(error);
    const path = info.field ? formPath(info.field) : undefined;
    if (path && inputs.current.has(path)) {
      form.setFieldError(path, info.message);
      setFormError(undefined);
      focusFirst({ [path]: info.message });
    } else if (info.code === "RATE_LIMITED" && info.retryAfterSeconds) {
      setFormError(
        `${info.message.replace(/ Try again later\.?$/, "")} Try again in ${retryText(info.retryAfterSeconds)}.`,
      );
    } else {
      setFormError(info.message);
    }
    return info;
  };

  const handleSubmit = (submit: (values: V) => Promise<unknown>) => (event?: FormEvent<HTMLFormElement>) => {
    setFormError(undefined);
    form.onSubmit(
      async (values) => {
        try {
          await submit(values);
        } catch (error) {
          showError(error);
        }
      },
      (errors) => focusFirst(errors),
    )(event);
  };

  const reset = (values?: V) => {
    if (values) form.setInitialValues(values);
    form.reset();
    setFormError(undefined);
  };

  return { ...form, formError, handleSubmit, showError, inputRef, reset };
}
