/**
 * What Slack refuses in a view beyond the block limits of message-limits.ts's viewProblems: the
 * rules of input blocks and select menus in modals and the Home tab (Block Kit reference: input
 * block, select menu elements, view objects), and the shape of a `response_action: 'errors'` answer
 * to a view_submission. The Slack stand-in runs viewElementProblems on every view; tests run
 * viewErrorsProblems on every errors answer.
 */
import type { Problem } from './message-limits';

// biome-ignore lint/suspicious/noExplicitAny: views are untyped JSON from callers; every field is checked before use.
type Obj = Record<string, any>;

const refused = (path: string, problem: string): Problem => ({ path, problem, refused: true, error: 'invalid_arguments' });

const CONVERSATION_SELECTS = ['conversations_select', 'multi_conversations_select', 'channels_select', 'multi_channels_select'];
const SELECTS_WITH_OPTIONS = ['static_select', 'multi_static_select', 'checkboxes', 'radio_buttons'];

function elementProblems(e: Obj, path: string, inModalInput: boolean, out: Problem[]): void {
  if (!e || typeof e !== 'object') return;
  if (e.response_url_enabled !== undefined && (!inModalInput || !['conversations_select', 'channels_select'].includes(e.type)))
    out.push(refused(`${path}.response_url_enabled`, 'response_url_enabled works only on a conversations/channels select in an input block of a modal'));
  if (e.default_to_current_conversation !== undefined && (!CONVERSATION_SELECTS.includes(e.type) || !inModalInput))
    out.push(refused(`${path}.default_to_current_conversation`, 'default_to_current_conversation works only on a conversations select in a modal'));
  if (CONVERSATION_SELECTS.includes(e.type) && e.filter?.include !== undefined) {
    const bad = (e.filter.include as unknown[]).filter((x) => !['im', 'mpim', 'private', 'public'].includes(String(x)));
    if (bad.length > 0) out.push(refused(`${path}.filter.include`, `unknown conversation types ${bad.join(', ')}`));
  }
  if (SELECTS_WITH_OPTIONS.includes(e.type)) {
    const options: Obj[] = e.options ?? [];
    // Select menus take plain_text options; checkboxes and radio buttons take mrkdwn too.
    options.forEach((o, i) => {
      if (e.type.endsWith('select') && o.text?.type !== 'plain_text') out.push(refused(`${path}.options[${i}].text`, 'a select option takes plain_text'));
      if (typeof o.value !== 'string' || o.value === '') out.push(refused(`${path}.options[${i}].value`, 'an option needs a value'));
    });
    const values = options.map((o) => o.value);
    if (new Set(values).size !== values.length) out.push(refused(`${path}.options`, 'duplicate option values'));
  }
  if (e.type === 'plain_text_input') {
    if (e.min_length !== undefined && (e.min_length < 0 || e.min_length > 3000)) out.push(refused(`${path}.min_length`, 'min_length outside 0…3,000'));
    if (typeof e.initial_value === 'string' && e.max_length !== undefined && e.initial_value.length > e.max_length)
      out.push(refused(`${path}.initial_value`, 'initial_value longer than max_length'));
  }
}

/** Problems of a view's inputs and selects that Slack refuses (views.open / views.update / views.publish). */
export function viewElementProblems(view: unknown): Problem[] {
  if (!view || typeof view !== 'object') return [];
  const v = view as Obj;
  const out: Problem[] = [];
  const modal = v.type === 'modal';
  if (!modal && (v.submit !== undefined || v.close !== undefined)) out.push(refused('view', 'only a modal has submit and close buttons'));
  if (v.private_metadata !== undefined && typeof v.private_metadata !== 'string')
    out.push(refused('view.private_metadata', 'private_metadata is not a string'));
  const blocks: Obj[] = Array.isArray(v.blocks) ? v.blocks : [];
  blocks.forEach((b, i) => {
    const at = `view.blocks[${i}]`;
    if (!b || typeof b !== 'object') return;
    if (b.type === 'input') {
      if (b.label?.type !== 'plain_text') out.push(refused(`${at}.label`, 'an input label takes plain_text'));
      if (b.hint !== undefined && b.hint?.type !== 'plain_text') out.push(refused(`${at}.hint`, 'an input hint takes plain_text'));
      if (b.element?.type === 'button') out.push(refused(`${at}.element`, 'an input block cannot hold a button'));
      elementProblems(b.element, `${at}.element`, modal, out);
    } else {
      for (const [j, e] of (b.type === 'actions' ? (b.elements ?? []) : b.accessory ? [b.accessory] : []).entries())
        elementProblems(e, `${at}.${b.type === 'actions' ? `elements[${j}]` : 'accessory'}`, false, out);
    }
  });
  return out;
}

/** Problems of a `response_action: 'errors'` answer: each key an input block of the view, each message non-empty text. */
export function viewErrorsProblems(view: unknown, answer: unknown): Problem[] {
  const a = answer as Obj | undefined;
  if (!a || a.response_action !== 'errors' || !a.errors || typeof a.errors !== 'object')
    return [refused('response_action', 'not a response_action "errors" answer with an errors object')];
  const inputs = new Set(((view as Obj)?.blocks ?? []).filter((b: Obj) => b?.type === 'input').map((b: Obj) => b.block_id));
  const out: Problem[] = [];
  for (const [id, message] of Object.entries(a.errors as Obj)) {
    if (!inputs.has(id)) out.push(refused(`errors.${id}`, 'not the block_id of an input block of the view'));
    if (typeof message !== 'string' || message.trim() === '') out.push(refused(`errors.${id}`, 'an error needs text'));
  }
  return out;
}
