// What the page knows about its caller and its choices: the token (kept for this browser tab
// only), the reference tables, the chosen period and action; and one cache of answers per token so
// switching language or view does not ask (and, for exact figures, audit) the same report again.
import { run, type GraphQLAnswer } from './api.ts';
import type { Reference } from './model.ts';

const TOKEN_KEY = 'pleiadi.token';

export const session = {
  token: sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  reference: undefined as Reference | undefined,
  period: '',
  action: '',
};

export function signIn(token: string): void {
  session.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  answers.clear();
}

export function signOut(): void {
  session.token = undefined;
  session.reference = undefined;
  sessionStorage.removeItem(TOKEN_KEY);
  answers.clear();
}

const answers = new Map<string, Promise<GraphQLAnswer<unknown>>>();

export function ask<T>(name: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> {
  const key = JSON.stringify([name, variables]);
  let answer = answers.get(key);
  if (!answer) {
    answer = run<unknown>(name, variables, session.token);
    // A failed answer is not kept: the next look asks again (a partner may be back).
    answer.then((a) => (a.errors?.length ? answers.delete(key) : undefined)).catch(() => answers.delete(key));
    answers.set(key, answer);
  }
  return answer as Promise<GraphQLAnswer<T>>;
}

/** The variables of a report for the chosen period and action. */
export const reportVariables = () => ({ period: session.period, ...(session.action ? { action: session.action } : {}) });
