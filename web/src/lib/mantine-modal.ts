// Mantine's Modal as a chunk of its own: LazyModal (lazy.tsx) loads it the first time a dialog opens.
export { Modal as default } from "@mantine/core";
