import { fireEvent, screen, waitFor, within } from "@testing-library/react";

// Component-test helpers for Mantine inputs: a combobox's listbox carries its input's label, so
// "the input labelled X" needs picking out, and a Select is opened and chosen from like a person.

export function inputLabelled(label: string | RegExp): HTMLInputElement {
  const found = screen.getAllByLabelText(label).find((el) => el.tagName === "INPUT" || el.tagName === "TEXTAREA");
  if (!found) throw new Error(`no input labelled ${String(label)}`);
  return found as HTMLInputElement;
}

export function type(label: string | RegExp, value: string): void {
  fireEvent.change(inputLabelled(label), { target: { value } });
}

/**
 * Opens a Mantine Select by its label and picks an option. The option is looked up even while
 * the dropdown's opening transition still hides it (jsdom runs no CSS transitions).
 */
export async function choose(label: string | RegExp, option: string): Promise<void> {
  const input = inputLabelled(label);
  fireEvent.click(input);
  // Only this input's listbox: other Selects on the screen may offer the same words.
  const listbox = await waitFor(() => {
    const id = input.getAttribute("aria-controls");
    const found = id ? document.getElementById(id) : null;
    if (!found) throw new Error(`${String(label)} did not open`);
    return found;
  });
  fireEvent.click(await within(listbox).findByRole("option", { name: option, hidden: true }));
  await waitFor(() => {
    if (input.value !== option) throw new Error(`${String(label)} shows "${input.value}", not "${option}"`);
  });
}
