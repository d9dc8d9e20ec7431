// The function editor over the fake backend (through the real client): CodeMirror mounted in jsdom,
// a file opened, an edit, a switch to another file keeping it as a draft, Ctrl+S, the write reaching the backend; a refused save shown as an error.
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

// jsdom has no layout: CodeMirror measures text ranges for the cursor and selection layers.
if (typeof Range.prototype.getClientRects !== 'function') {
  Range.prototype.getClientRects = () => Object.assign([] as DOMRect[], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}

function editorView(): EditorView {
  const dom = screen.getByTestId('code-editor').querySelector('.cm-editor');
  const view = dom ? EditorView.findFromDOM(dom as HTMLElement) : null;
  if (!view) throw new Error('CodeMirror is not mounted');
  return view;
}

/** Types as a user would: a transaction at the end of the document, marked as user input. */
function typeAtEnd(text: string): void {
  const view = editorView();
  view.dispatch({ changes: { from: view.state.doc.length, insert: text }, userEvent: 'input.type' });
}

async function openThumbnailer() {
  localStorage.clear();
  const env = createFakeClient({ sample: true });
  render(App, { props: { api: env.api } });
  await userEvent.click((await screen.findAllByTestId('function-item'))[0]!);
  await screen.findByTestId('function-code');
  await waitFor(() => expect(screen.getByTestId('code-editor').querySelector('.cm-content')).not.toBeNull());
  return env;
}

describe('function code editor', { timeout: 30_000 }, () => {
  it('loads the handler file, marks an edit unsaved, saves it with Ctrl+S', async () => {
    const { backend } = await openThumbnailer();
    expect(screen.getByTestId('code-open-file')).toHaveTextContent('index.mjs');
    expect(screen.getByTestId('code-editor')).toHaveTextContent('export async function main_handler');
    // Several files: a list, the handler's open.
    const files = screen.getAllByTestId('code-file');
    expect(files.map((f) => f.dataset.path)).toEqual(['index.mjs', 'lib/summary.mjs', 'package.json']);
    expect(files[0]).toHaveAttribute('aria-current', 'true');
    expect(screen.queryByTestId('code-dirty')).toBeNull();
    expect(screen.getByTestId('code-save')).toBeDisabled();
    // The JavaScript language is on: keywords get highlighted spans.
    expect(editorView().contentDOM.querySelectorAll('span').length).toBeGreaterThan(5);

    typeAtEnd('// edited\n');
    expect(await screen.findByTestId('code-dirty')).toHaveTextContent('Unsaved');
    expect(screen.getByTestId('code-save')).toBeEnabled();

    await fireEvent.keyDown(editorView().contentDOM, { key: 's', code: 'KeyS', ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId('code-dirty')).toBeNull());
    expect(backend.code.get('f1')!.get('index.mjs')).toMatch(/\/\/ edited\n$/);
    // One write: the editor's key binding and the screen's Ctrl+S do not both save.
    const writes = backend.calls.filter((c) => c.method === 'functions.writeFile');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.input).toMatchObject({ id: 'f1', path: 'index.mjs' });
  });

  it('opens another file from the list, keeping the unsaved edit of the first as a draft marked in the list', async () => {
    const user = userEvent.setup();
    const { backend } = await openThumbnailer();
    typeAtEnd('// kept');
    await screen.findByTestId('code-dirty');
    await user.click(screen.getAllByTestId('code-file')[1]!);
    // No discard prompt: the other file opens, the edited one keeps its dot.
    await waitFor(() => expect(screen.getByTestId('code-open-file')).toHaveTextContent('lib/summary.mjs'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(screen.getByTestId('code-editor')).toHaveTextContent('export const summarise');
    expect(screen.queryByTestId('code-dirty')).toBeNull();
    expect(within(screen.getAllByTestId('code-file')[0]!).getByTestId('code-file-unsaved')).toBeInTheDocument();
    // Back to it: the edit is there, unsaved, and saving writes it.
    await user.click(screen.getAllByTestId('code-file')[0]!);
    await waitFor(() => expect(screen.getByTestId('code-editor')).toHaveTextContent('// kept'));
    expect(screen.getByTestId('code-dirty')).toBeInTheDocument();
    expect(backend.code.get('f1')!.get('index.mjs')).not.toContain('// kept');
    await user.click(screen.getByTestId('code-save'));
    await waitFor(() => expect(screen.queryByTestId('code-dirty')).toBeNull());
    expect(backend.code.get('f1')!.get('index.mjs')).toMatch(/\/\/ kept$/);
  });

  it('keeps an unsaved edit across leaving the function and coming back', async () => {
    const user = userEvent.setup();
    const { backend } = await openThumbnailer();
    typeAtEnd('// draft');
    await screen.findByTestId('code-dirty');
    await user.click(screen.getAllByTestId('function-item')[1]!);
    await waitFor(() => expect(screen.getByTestId('code-open-file')).toHaveTextContent('index.py'));
    expect(screen.queryByTestId('code-dirty')).toBeNull();
    await user.click(screen.getAllByTestId('function-item')[0]!);
    await waitFor(() => expect(screen.getByTestId('code-editor')).toHaveTextContent('// draft'));
    expect(screen.getByTestId('code-dirty')).toBeInTheDocument();
    expect(backend.code.get('f1')!.get('index.mjs')).not.toContain('// draft');
    // Ctrl+S outside the editor saves too.
    await fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId('code-dirty')).toBeNull());
    expect(backend.code.get('f1')!.get('index.mjs')).toMatch(/\/\/ draft$/);
  });

  it('shows a refused save readably and keeps the edit', async () => {
    const user = userEvent.setup();
    const { backend } = await openThumbnailer();
    backend.api.functions.writeFile = async () => {
      const { AppError } = await import('../../../../electron/shared/errors.ts');
      throw new AppError({ code: 'InvalidInput', message: 'index.mjs: the text is larger than 1 MiB' });
    };
    typeAtEnd('// more');
    await user.click(await screen.findByTestId('code-save'));
    expect(await screen.findByTestId('code-save-error')).toHaveTextContent('index.mjs: the text is larger than 1 MiB');
    expect(screen.getByTestId('code-dirty')).toBeInTheDocument();
  });

  it('tells how to leave the editor (Tab indents there): the code is described by its keys', async () => {
    await openThumbnailer();
    const content = screen.getByTestId('code-editor').querySelector('.cm-content')!;
    const keys = document.getElementById(content.getAttribute('aria-describedby') ?? '');
    expect(keys).toHaveTextContent('Esc then Tab leaves the editor');
    expect(keys).toHaveAttribute('data-testid', 'code-editor-keys');
  });

  it('New function from the keyboard: the caret is in Name, so the name can be typed at once', async () => {
    const user = userEvent.setup();
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    (await screen.findByTestId('add-function')).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('function-name')).toHaveFocus());
    await user.keyboard('resize');
    expect(screen.getByTestId('function-name')).toHaveValue('resize');
    // (Enter in the field submits in Chromium, see test/e2e/function-editor.test.ts; user-event's implicit
    // submission does not follow the header button's form= attribute.)
    await user.click(screen.getByTestId('function-save'));
    await waitFor(() => expect(backend.functions.at(-1)).toMatchObject({ name: 'resize', runtime: 'nodejs' }));
  });

  it('creates a new function from the starter without a path, then shows its code', async () => {
    const user = userEvent.setup();
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await user.click(await screen.findByTestId('add-function'));
    await user.type(await screen.findByTestId('function-name'), 'resize');
    await user.selectOptions(screen.getByTestId('function-runtime'), 'python');
    expect(screen.getByTestId('function-source-starter')).toBeChecked();
    expect(screen.queryByTestId('function-path')).toBeNull();
    expect(screen.getByTestId('function-starter-help')).toHaveTextContent('index.py');
    await user.click(screen.getByTestId('function-save'));
    await waitFor(() => expect(screen.getByTestId('code-open-file')).toHaveTextContent('index.py'));
    expect(backend.calls.find((c) => c.method === 'functions.scaffold')?.input).toEqual({ name: 'resize', runtime: 'python' });
    expect(backend.functions.at(-1)).toMatchObject({ name: 'resize', runtime: 'python', handler: 'index.main_handler' });
    expect(screen.getByTestId('code-editor')).toHaveTextContent('def main_handler(event, context):');
  });
});
