import { useMutation } from "@apollo/client/react";
import { Button, Fieldset, Group, Loader, Paper, Stack, TextInput, Title } from "@mantine/core";
import { Link, useNavigate } from "react-router";
import { useMutationFeedback } from "../../forms/feedback";
import { FormError } from "../../forms/FormError";
import { ACTION_LIST } from "./ActionFields";
import { CONDITION_LIST } from "./ConditionFields";
import { AutomationsQuery, CreateAutomationMutation, UpdateAutomationMutation } from "./operations";
import { toInput, type RuleDraft } from "./rule-draft";
import { textField, useRuleChoices, useRuleForm } from "./rule-form";
import { RuleList } from "./RuleList";
import { TriggerFields } from "./TriggerFields";

/** A new automation, or one being edited: its name, when it runs, what must hold, what it does. */
export function RuleEditor({ id, initial }: { id?: string; initial: RuleDraft }) {
  const navigate = useNavigate();
  const form = useRuleForm(initial);
  const choices = useRuleChoices();
  const [create] = useMutation(CreateAutomationMutation, { refetchQueries: [AutomationsQuery] });
  const [update] = useMutation(UpdateAutomationMutation);
  const { run, pending } = useMutationFeedback();

  const submit = form.handleSubmit(async (rule) => {
    const input = toInput(rule);
    const saved = await run(
      async () =>
        id
          ? (await update({ variables: { id, input } })).data?.updateAutomation
          : (await create({ variables: { input } })).data?.createAutomation,
      { loading: "Saving the automation…", success: "Automation saved." },
      { rethrow: true },
    );
    if (saved) navigate("/automations");
  });

  return (
    <Paper
      withBorder
      p={{ base: "sm", sm: "lg" }}
      component="form"
      noValidate
      onSubmit={submit}
      aria-labelledby="rule-title"
    >
      <Stack>
        <Group justify="space-between">
          <Title order={2} id="rule-title" size="h3">
            {id ? "Edit automation" : "New automation"}
          </Title>
          {choices.loading && <Loader size="sm" aria-label="Loading devices and modes" />}
        </Group>
        <TextInput label="Name" required {...textField(form, "name")} />
        <Fieldset legend="When">
          <TriggerFields form={form} choices={choices} />
        </Fieldset>
        <Fieldset legend="Only if (all hold)">
          <RuleList form={form} choices={choices} {...CONDITION_LIST} />
        </Fieldset>
        <Fieldset legend="Then (in order)">
          <RuleList form={form} choices={choices} {...ACTION_LIST} />
        </Fieldset>
        <FormError message={form.formError} />
        <Group justify="flex-end">
          <Button variant="default" component={Link} to="/automations">
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {id ? "Save" : "Create automation"}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
