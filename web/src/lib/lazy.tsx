import { TextInput, type ModalProps, type SelectProps } from "@mantine/core";
import { createElement, useEffect, useReducer, useState, type ComponentType } from "react";

// Pieces of Mantine that a screen shows only later (a dialog once asked for) or that are heavy for
// the first load (Select's combobox and its positioning library): each is its own chunk, fetched
// once the screen using it is on, so the shell and the first screen load faster and the piece is
// ready by the time someone opens it.

/** False until `value` is true once, then true for good. */
export function useOnceTrue(value: boolean): boolean {
  const [seen, setSeen] = useState(value);
  if (value && !seen) setSeen(true);
  return seen || value;
}

/**
 * A component from another chunk: `load` starts when the first user of it mounts (after the first
 * paint); until the chunk is in, `fallback` (or nothing) renders in its place.
 */
export function chunkComponent<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<unknown> | undefined;
  const start = () =>
    (loading ??= load().then((m) => {
      loaded = m.default;
    }));
  return function useChunk(): ComponentType<P> | undefined {
    const [, rerender] = useReducer((n: number) => n + 1, 0);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      void start().then(() => live && rerender());
      return () => {
        live = false;
      };
    }, []);
    return loaded;
  };
}

/** Renders `load`'s component from the first time `when` is true (its chunk fetched on mount). */
export function deferred<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  const useChunk = chunkComponent(load);
  return function Deferred({ when, ...props }: P & { when: boolean }) {
    const Loaded = useChunk();
    const needed = useOnceTrue(when);
    return needed && Loaded ? createElement(Loaded, props as unknown as P) : null;
  };
}

const ModalWhenOpened = deferred<ModalProps>(() => import("./mantine-modal"));

/** Mantine's Modal from its own chunk; it renders once first opened. */
export function LazyModal(props: ModalProps) {
  return <ModalWhenOpened when={props.opened} {...props} />;
}

// Select is generic over its values; the app's are strings.
const useSelect = chunkComponent(
  () => import("./mantine-select") as unknown as Promise<{ default: ComponentType<SelectProps> }>,
);

/** Mantine's Select from its own chunk; until it is in, a read-only field of the same size shows the value. */
export function LazySelect(props: SelectProps) {
  const Select = useSelect();
  if (Select) return createElement(Select, props);
  const options = (props.data ?? []) as (string | { value: string; label: string })[];
  const chosen = options
    .map((o) => (typeof o === "string" ? { value: o, label: o } : o))
    .find((o) => o.value === props.value);
  return (
    <TextInput
      label={props.label}
      size={props.size}
      w={props.w}
      readOnly
      value={chosen?.label ?? ""}
      placeholder={props.placeholder}
    />
  );
}
