// Case: formbricks/formbricks, fix commit c61212964c39bdd819e7aa3ff1cd0bdd40061774 ("perf: Parallelize independent
// data fetching in responses page (#6762)"; https://github.com/formbricks/formbricks/pull/6762), file
// apps/web/app/(app)/environments/[environmentId]/surveys/[surveyId]/(analysis)/responses/page.tsx. The fixed code,
// rewritten in our own code: once the session is known, the six lookups start together; the guards run after.
import React from 'react';

interface Poll {
  id: string;
  title: string;
}
interface Member {
  id: string;
  name: string;
}
interface Label {
  id: string;
  text: string;
}

declare function requireSession(teamId: string): Promise<{ memberId: string; readOnly: boolean }>;
declare function loadPoll(pollId: string): Promise<Poll | null>;
declare function loadMember(memberId: string): Promise<Member | null>;
declare function loadLabels(teamId: string): Promise<Label[]>;
declare function audienceFeatureOn(): Promise<boolean>;
declare function countAnswers(pollId: string): Promise<number>;
declare function pickLanguage(): Promise<string>;

export default async function AnswersPage(props: { params: Promise<{ teamId: string; pollId: string }> }) {
  const params = await props.params;
  const session = await requireSession(params.teamId);

  const [poll, member, labels, audience, answers, language] = await Promise.all([
    loadPoll(params.pollId),
    loadMember(session.memberId),
    loadLabels(params.teamId),
    audienceFeatureOn(),
    countAnswers(params.pollId),
    pickLanguage(),
  ]);
  if (!poll) {
    throw new Error('poll not found');
  }
  if (!member) {
    throw new Error('member not found');
  }

  return (
    <main lang={language}>
      <h1>{poll.title}</h1>
      <p>
        {answers} answers, viewed by {member.name}
        {session.readOnly ? ' (read only)' : ''}
      </p>
      {audience ? <aside>audience filters on</aside> : null}
      <ul>
        {labels.map((label) => (
          <li key={label.id}>{label.text}</li>
        ))}
      </ul>
    </main>
  );
}
