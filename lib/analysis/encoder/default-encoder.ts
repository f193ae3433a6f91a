// The process's one sentiment encoder, loaded on first use (the e5 tables and the ONNX session
// take about a second and 300 MB), or undefined when it is not installed or switched off
// (BRAND_PULSE_SENTIMENT=fast); either way it says once which model the process uses.
import { findE5Image } from './install.js';
import { SentimentEncoder } from './encoder.js';

let loading: Promise<SentimentEncoder | undefined> | undefined;

export function defaultEncoder(log: (msg: string) => void = (m) => console.error(m)): Promise<SentimentEncoder | undefined> {
  loading ??= (async () => {
    if (process.env.BRAND_PULSE_SENTIMENT === 'fast') {
      log('sentiment: the fast model (BRAND_PULSE_SENTIMENT=fast)');
      return undefined;
    }
    let image: string | undefined;
    try {
      image = findE5Image();
    } catch (e) {
      log(`sentiment: the fast model only: ${(e as Error).message}`);
      return undefined;
    }
    const threads = Number(process.env.BRAND_PULSE_ENCODER_THREADS ?? 1);
    const r = await SentimentEncoder.load(image, { threads: Number.isInteger(threads) && threads > 0 ? threads : 1 });
    if (!r.ok) {
      log(`sentiment: the fast model only: ${r.reason}`);
      return undefined;
    }
    log(`sentiment: the encoder ${r.encoder.meta.name} for ${r.encoder.meta.languages.join(', ')}; the fast model for other languages`);
    return r.encoder;
  })();
  return loading;
}
