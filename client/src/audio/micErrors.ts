/** What can go wrong with the microphone, and the sentence the person reads for each. */

export type MicFailure = 'no_microphone' | 'permission_denied' | 'unplugged' | 'in_use' | 'unsupported';

export class MicError extends Error {
  constructor(
    readonly code: MicFailure,
    message: string,
  ) {
    super(message);
  }
}

export const MIC_SENTENCES: Readonly<Record<MicFailure, string>> = {
  no_microphone: 'No microphone was found. Plug one in (or pick another input) and try again.',
  permission_denied:
    'Riffboard isn’t allowed to use the microphone. Allow microphone access for this site in your browser’s address bar, then try again.',
  unplugged: 'The microphone was disconnected in the middle of the take. What was recorded up to then is kept.',
  in_use: 'The microphone is busy in another application. Close it there (or pick another input) and try again.',
  unsupported: 'This browser can’t record here: recording needs a secure (https) page in a current browser.',
};
