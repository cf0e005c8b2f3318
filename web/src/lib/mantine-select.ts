// Mantine's Select (combobox, popover, floating-ui) as a chunk of its own, for LazySelect (lazy.tsx).
export { Select as default } from "@mantine/core";
