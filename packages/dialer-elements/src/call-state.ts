/** A call is under way (being placed, ringing or connected): the one definition of "open" the widget uses. */
export function isOpen(state: string): boolean {
  return state === 'dialing' || state === 'ringing' || state === 'connected';
}
