import { Paper, PasswordInput, Stack, Title } from "@mantine/core";
import { useId, type FormEvent, type ReactNode } from "react";
import type { FormApi } from "./useForm";

/** The signed-out screens' form: a titled card the title also labels for screen readers. */
export function FormCard(props: { title: string; onSubmit: (event: FormEvent) => void; children: ReactNode }) {
  const titleId = useId();
  return (
    <Paper withBorder p="lg" component="form" noValidate aria-labelledby={titleId} onSubmit={props.onSubmit}>
      <Stack>
        <Title order={2} size="h3" id={titleId}>
          {props.title}
        </Title>
        {props.children}
      </Stack>
    </Paper>
  );
}

/** A new password and its repetition (rules: forms/rules.ts `newPassword` and `matches`). */
export function NewPasswordFields<V extends Record<string, string>>(props: {
  form: FormApi<V>;
  password: keyof V;
  confirm: keyof V;
  label: string;
}) {
  return (
    <>
      <PasswordInput
        label={props.label}
        description="8 to 128 characters"
        autoComplete="new-password"
        required
        {...props.form.field(props.password)}
      />
      <PasswordInput
        label={`Repeat the ${props.label.toLowerCase()}`}
        autoComplete="new-password"
        required
        {...props.form.field(props.confirm)}
      />
    </>
  );
}
