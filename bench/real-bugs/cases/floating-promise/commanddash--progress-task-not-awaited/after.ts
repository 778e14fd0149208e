// Case: CommandDash/commanddash, fix commit 93ef178677dc3584954ec618df249494332eb3a0 ("fix: add await to avoid
// unhandled rejection", pull request #3; one command of the fix). Rewritten in our own code: an editor command runs its
// model request inside `window.withProgress` without awaiting it, so when the request fails the surrounding
// try/catch never sees the error: the user gets no error message and the rejection is unhandled.
import * as vscode from 'vscode';
import { type CompletionClient, extractCodeBlock } from './completions.js';

export async function generateWidget(client: CompletionClient) {
    try {
        const description = await vscode.window.showInputBox({ prompt: "Describe the widget" });
        if (!description) {
            return;
        }
        await vscode.window.withProgress({
            location: vscode.ProgressLocation.Notification,
            title: "Generating widget",
            cancellable: false
        }, async (progress) => {
            let percent = 0;
            let previous = 0;
            const ticker = setInterval(() => {
                previous = percent;
                percent = (percent + 10) % 100;
                progress.report({ increment: percent - previous });
            }, 200);
            const prompt = `Write a UI widget for this description: ${description}. Answer with one code block.`;
            const answer = await client.complete([{ role: 'user', content: prompt }]);
            clearInterval(ticker);
            progress.report({ increment: 100 });

            const code = extractCodeBlock(answer);
            const editor = vscode.window.activeTextEditor;
            if (editor) {
                editor.edit((edit) => {
                    edit.insert(editor.selection.active, code);
                });
                vscode.window.showInformationMessage('Widget generated.');
            } else {
                vscode.window.showErrorMessage('No active editor');
            }
        });
    } catch (error) {
        vscode.window.showErrorMessage(`Cannot generate the widget: ${String(error)}`);
    }
}
