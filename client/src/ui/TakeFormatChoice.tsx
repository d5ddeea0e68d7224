/** The format this browser uploads recorded takes in (compressed by default, lossless by choice). */
import { saveTakeFormat, useTakeFormat } from '../recording/takeFormatSetting.ts';
import type { TakeFormat } from '../recording/takeEncoding.ts';
import '../styles/recording.css';

export function TakeFormatChoice() {
  const format = useTakeFormat();
  return (
    <label className="rb-field rb-take-format">
      <span>Upload recorded takes as</span>
      <select value={format} onChange={(e) => saveTakeFormat(e.target.value as TakeFormat)}>
        <option value="compressed">Compressed Opus (0.7 MB/min)</option>
        <option value="lossless">Lossless WAV (11 MB/min)</option>
      </select>
    </label>
  );
}
