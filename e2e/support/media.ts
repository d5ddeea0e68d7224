/** Test media (a sine WAV, a tiny PNG) made in the test: the same generator the server's tests use. */
export { sineWav, tinyPng, writeSineWavFile } from '../../server/test/helpers/media.ts';
