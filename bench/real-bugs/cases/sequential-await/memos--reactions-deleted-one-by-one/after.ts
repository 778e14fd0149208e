// Case: usememos/memos, fix commit 23a7e99a21e3f6d7feed34d807c3acd0c74a71f9 ("chore: optimize unreact network
// requests (#5747)"; https://github.com/usememos/memos/pull/5747).
// The fixed code, rewritten in our own code: a React hook that toggles a reaction off deletes each of the user's
// matching reactions with its own request, awaiting each before sending the next.
import { useCallback } from 'react';

interface Reaction {
  name: string;
  kind: string;
  creator: string;
}

interface Note {
  name: string;
  reactions: Reaction[];
}

interface NotesClient {
  deleteReaction(request: { name: string }): Promise<void>;
  addReaction(request: { note: string; kind: string }): Promise<void>;
  getNote(request: { name: string }): Promise<Note>;
}

export function useReactionToggle(client: NotesClient, note: Note, userName: string, onChange: (note: Note) => void) {
  return useCallback(
    async (kind: string) => {
      const mine = note.reactions.filter((reaction) => reaction.kind === kind && reaction.creator === userName);
      try {
        if (mine.length > 0) {
          await Promise.all(mine.map((reaction) => client.deleteReaction({ name: reaction.name })));
        } else {
          await client.addReaction({ note: note.name, kind });
        }
        onChange(await client.getNote({ name: note.name }));
      } catch {
        // the list keeps its previous state
      }
    },
    [client, note, userName, onChange],
  );
}
