import { TextInput, type ModalProps, type SelectProps } from "@mantine/core";
import { lazy, Suspense, useState, type Attributes, type ComponentType } from "react";

// Pieces of Mantine that a screen shows only later (a dialog once asked for) or that are heavy for
// the first load (Select's combobox and its positioning library): each is its own chunk, fetched
// when needed, so the shell and the first screen load faster.

/** False until `value` is true once, then true for good (a dialog's chunk, once loaded, stays). */
export function useOnceTrue(value: boolean): boolean {
  const [seen, setSeen] = useState(value);
  if (value && !seen) setSeen(true);
  return seen || value;
}

/** Renders `load`'s component from the first time `when` is true; nothing before. */
export function deferred<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  const Loaded = lazy(load);
  return function Deferred({ when, ...props }: P & { when: boolean }) {
    const needed = useOnceTrue(when);
    if (!needed) return null;
    return (
      <Suspense fallback={null}>
        <Loaded {...(props as unknown as P & Attributes)} />
      </Suspense>
    );
  };
}

const ModalWhenOpened = deferred<ModalProps>(() => import("./mantine-modal"));

/** Mantine's Modal, loaded the first time it opens. */
export function LazyModal(props: ModalProps) {
  return <ModalWhenOpened when={props.opened} {...props} />;
}

// Select is generic over its values; the app's are strings.
const Select = lazy(() => import("./mantine-select")) as unknown as ComponentType<SelectProps>;

/** Mantine's Select; until its chunk is in, a read-only field of the same size shows the value. */
export function LazySelect(props: SelectProps) {
  const options = (props.data ?? []) as (string | { value: string; label: string })[];
  const chosen = options
    .map((o) => (typeof o === "string" ? { value: o, label: o } : o))
    .find((o) => o.value === props.value);
  return (
    <Suspense
      fallback={
        <TextInput
          label={props.label}
          size={props.size}
          w={props.w}
          readOnly
          value={chosen?.label ?? ""}
          placeholder={props.placeholder}
        />
      }
    >
      <Select {...props} />
    </Suspense>
  );
}
