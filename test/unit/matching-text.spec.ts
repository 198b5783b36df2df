import { tokenize } from '../../src/lib/text/segment.js';
import { buildTextIndex, docVector, dot, sharedTerms } from '../../src/lib/text/tfidf.js';

describe('Japanese text → terms', () => {
  it('keeps the content words of a real sentence and drops particles and endings', () => {
    const terms = tokenize('防災と感染症について地域の若者と企業が対話する');
    for (const w of ['防災', '感染症', '地域', '若者', '企業', '対話']) expect(terms).toContain(w);
    for (const w of ['と', 'について', 'が', 'する', 'の', '症']) expect(terms).not.toContain(w);
  });

  it('recovers compounds the segmenter splits, and glues まちづくり / 障がい', () => {
    expect(tokenize('高齢者の見守りに関心がある')).toEqual(expect.arrayContaining(['高齢者', '見守り']));
    expect(tokenize('子ども食堂を手伝いたい')).toEqual(expect.arrayContaining(['子ども食堂', '食堂']));
    expect(tokenize('まちづくりについて考えたい')).toContain('まちづくり');
    expect(tokenize('障がいのある人と一緒にスポーツを楽しみたい')).toEqual(expect.arrayContaining(['障がい', 'スポーツ']));
    // generic words every profile uses are not terms
    expect(tokenize('高齢者の見守りに関心がある')).not.toContain('関心');
  });

  it('adds kanji bigrams so 避難所 and 避難場所 overlap', () => {
    const a = tokenize('避難所が心配');
    const b = tokenize('避難場所を確認する');
    expect(a).toContain('避難所');
    expect(a.filter((t) => b.includes(t))).toContain('避難');
  });

  it('normalises width (NFKC) and drops numbers and punctuation', () => {
    const t = tokenize('ＳＮＳで発信！２０２５年、１２３。');
    expect(t).toContain('sns');
    expect(t).toContain('発信');
    expect(t.some((x) => /^[\d!、。]+$/.test(x))).toBe(false);
  });

  it('TF-IDF cosine: identical texts → 1, unrelated → 0, related in between', () => {
    const ix = buildTextIndex([
      '地域の避難所のことが心配。防災マップを作ってみたい',
      '地域の避難所のことが心配。防災マップを作ってみたい',
      'プログラミングで動画を編集したい',
      '避難所の運営訓練と防災マップづくり',
      '',
    ]);
    const v = (d: number) => docVector(ix, d);
    expect(dot(v(0), v(1))).toBeCloseTo(1, 5);
    expect(dot(v(0), v(2))).toBe(0);
    const related = dot(v(0), v(3));
    expect(related).toBeGreaterThan(0.1);
    expect(related).toBeLessThan(1);
    expect(dot(v(4), v(0))).toBe(0);
    // vectors are sorted and L2-normalised
    const w = v(3);
    expect([...w.terms]).toEqual([...w.terms].sort((a, b) => a - b));
    expect(Math.hypot(...w.weights)).toBeCloseTo(1, 5);
  });

  it('rarer shared words weigh more (IDF over the corpus)', () => {
    const ix = buildTextIndex(['地域の清掃', '地域の祭り', '地域の防災', '地域の多文化共生', '多文化共生と地域']);
    expect(sharedTerms(ix, 3, 4, 2)[0]).toBe('多文化共生');
  });
});
