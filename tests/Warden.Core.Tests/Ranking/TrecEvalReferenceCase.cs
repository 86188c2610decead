namespace Warden.Core.Tests.Ranking;

/// <summary>
/// A seeded random qrels/run pair with the nDCG@5 and nDCG@10 values an independent Python
/// re-implementation of trec_eval's rules gives for it. The script (kept out of the repository)
/// generated the files with <c>random.Random(20261122)</c>: 10 judged queries q01-q10 (q03 judged
/// all 0, q08 with some -1 levels), a run over q01-q09 without q05 plus run-only q11 and q12, and
/// scores drawn from {1.0, 1.5, 2.0, 2.5, 3.0} so most documents tie; lines shuffled, rank column
/// meaningless. It then computed, with /usr/bin/python3 (3.11), per query in the intersection:
/// <code>
/// ranked = sorted(sorted(run[q], key=lambda t: t[0].encode(), reverse=True), key=lambda t: -t[1])
/// rels = [qrels[q].get(d, -1) for d, _ in ranked]
/// dcg = sum(g / math.log2(i + 2) for i, g in enumerate(rels[:k]) if g > 0)
/// levels = sorted((r for r in qrels[q].values() if r > 0), reverse=True)
/// idcg = sum(g / math.log2(i + 2) for i, g in enumerate(levels[:k]))
/// value = dcg / idcg if idcg > 0 else dcg
/// </code>
/// and the mean over those queries, printed with "%.17g". Breaking ties by docid ascending instead
/// changes q01, q04, q07 and q08, so the test pins the tie direction.
/// </summary>
internal static class TrecEvalReferenceCase
{
    public const string Qrels = """
        q10 0 D21 1
        q08 0 D22 -1
        q06 0 D5 0
        q03 0 D7 0
        q10 0 D24 1
        q01 0 D1 0
        q03 0 D18 0
        q05 0 D2 1
        q07 0 D15 2
        q06 0 D2 0
        q10 0 D15 0
        q01 0 D7 2
        q09 0 D1 0
        q02 0 D19 0
        q01 0 D24 1
        q08 0 D17 2
        q06 0 D11 1
        q04 0 D19 2
        q06 0 D16 0
        q04 0 D21 3
        q04 0 D3 0
        q02 0 D22 1
        q02 0 D13 1
        q03 0 D22 0
        q05 0 D17 2
        q10 0 D12 2
        q10 0 D19 1
        q06 0 D6 0
        q03 0 D13 0
        q04 0 D7 1
        q09 0 D13 1
        q09 0 D24 0
        q06 0 D8 1
        q05 0 D1 0
        q01 0 D13 0
        q03 0 D2 0
        q05 0 D5 0
        q05 0 D12 3
        q07 0 D12 3
        q02 0 D24 3
        q07 0 D20 1
        q08 0 D1 0
        q10 0 D8 3
        q02 0 D5 0
        q03 0 D6 0
        q04 0 D6 1
        q02 0 D14 3
        q10 0 D1 0
        q09 0 D7 0
        q01 0 D21 2
        q02 0 D4 1
        q07 0 D19 0
        q06 0 D17 3
        q07 0 D8 0
        q01 0 D20 1
        q07 0 D18 1
        q05 0 D7 0
        q04 0 D10 2
        q08 0 D7 1
        q08 0 D19 2
        q09 0 D19 1
        q05 0 D9 3
        q09 0 D4 0
        q09 0 D21 1
        q01 0 D8 0
        q03 0 D10 0
        q07 0 D21 1
        q09 0 D10 0
        q08 0 D23 0
        q09 0 D5 1
        q05 0 D23 1
        q06 0 D21 0
        q02 0 D12 0
        q01 0 D22 3
        q07 0 D7 0
        q06 0 D10 1
        q01 0 D3 2
        q06 0 D3 0
        q10 0 D5 3
        q03 0 D12 0
        q05 0 D6 0
        q10 0 D13 1
        q01 0 D17 1
        q02 0 D11 1
        q04 0 D23 3
        q02 0 D10 0
        q10 0 D20 3
        q03 0 D11 0
        q06 0 D23 0
        q07 0 D14 1
        q04 0 D14 1
        q05 0 D13 1
        q07 0 D2 2
        q09 0 D2 1
        q08 0 D14 2
        q08 0 D11 2
        q04 0 D18 0
        q09 0 D20 3
        q05 0 D20 3
        q09 0 D14 0
        q08 0 D8 2
        q04 0 D5 1
        q08 0 D15 2
        q04 0 D9 0
        q02 0 D17 2
        q07 0 D16 0
        q08 0 D18 2
        q03 0 D15 0
        q08 0 D20 3
        q01 0 D2 0
        q02 0 D16 1
        q03 0 D4 0
        q04 0 D15 3
        q06 0 D13 0
        q01 0 D19 2
        q07 0 D6 2
        q05 0 D14 2
        q10 0 D18 0
        q10 0 D2 1
        q03 0 D21 0
        """;

    public const string Run = """
        q03 Q0 D12 5 2.0 ref
        q11 Q0 D17 3 1.5 ref
        q04 Q0 D8 4 1.0 ref
        q12 Q0 D5 4 2.5 ref
        q03 Q0 D14 6 1.5 ref
        q11 Q0 D8 1 1.5 ref
        q09 Q0 D3 9 2.0 ref
        q04 Q0 D18 2 2.5 ref
        q02 Q0 D21 2 2.0 ref
        q06 Q0 D16 7 1.5 ref
        q01 Q0 D5 10 2.5 ref
        q09 Q0 D16 1 1.5 ref
        q08 Q0 D16 12 3.0 ref
        q08 Q0 D19 11 2.0 ref
        q11 Q0 D24 4 2.0 ref
        q08 Q0 D20 6 1.0 ref
        q12 Q0 D13 6 1.0 ref
        q09 Q0 D9 3 3.0 ref
        q02 Q0 D5 3 2.5 ref
        q06 Q0 D24 4 1.0 ref
        q03 Q0 D6 3 2.0 ref
        q08 Q0 D6 7 1.0 ref
        q09 Q0 D10 2 3.0 ref
        q09 Q0 D6 4 3.0 ref
        q04 Q0 D1 9 1.0 ref
        q03 Q0 D23 4 1.5 ref
        q11 Q0 D18 9 3.0 ref
        q09 Q0 D1 8 2.0 ref
        q11 Q0 D12 7 2.0 ref
        q09 Q0 D11 11 3.0 ref
        q12 Q0 D21 9 1.5 ref
        q01 Q0 D6 1 2.0 ref
        q07 Q0 D5 3 1.5 ref
        q11 Q0 D3 6 2.5 ref
        q04 Q0 D22 5 1.0 ref
        q07 Q0 D6 1 1.5 ref
        q09 Q0 D13 12 1.0 ref
        q02 Q0 D20 4 2.5 ref
        q11 Q0 D10 2 2.5 ref
        q09 Q0 D15 5 2.5 ref
        q08 Q0 D14 8 2.0 ref
        q07 Q0 D3 5 2.0 ref
        q01 Q0 D7 3 1.5 ref
        q08 Q0 D7 4 3.0 ref
        q07 Q0 D20 2 2.5 ref
        q11 Q0 D15 8 1.5 ref
        q06 Q0 D12 8 2.5 ref
        q01 Q0 D11 8 1.5 ref
        q06 Q0 D9 10 3.0 ref
        q02 Q0 D3 5 3.0 ref
        q12 Q0 D19 8 3.0 ref
        q04 Q0 D4 8 2.0 ref
        q06 Q0 D4 5 2.0 ref
        q08 Q0 D17 5 3.0 ref
        q09 Q0 D18 10 2.5 ref
        q07 Q0 D7 6 2.5 ref
        q12 Q0 D20 2 1.5 ref
        q07 Q0 D4 4 2.0 ref
        q08 Q0 D11 2 1.5 ref
        q04 Q0 D9 3 3.0 ref
        q12 Q0 D10 7 2.0 ref
        q04 Q0 D15 10 1.0 ref
        q01 Q0 D2 7 1.5 ref
        q06 Q0 D22 3 1.0 ref
        q08 Q0 D1 1 2.5 ref
        q06 Q0 D21 12 1.5 ref
        q12 Q0 D17 10 1.0 ref
        q11 Q0 D11 10 1.5 ref
        q03 Q0 D15 2 1.5 ref
        q01 Q0 D9 12 3.0 ref
        q09 Q0 D24 6 2.0 ref
        q04 Q0 D21 7 1.0 ref
        q06 Q0 D20 6 2.0 ref
        q06 Q0 D15 1 1.0 ref
        q01 Q0 D24 11 2.0 ref
        q08 Q0 D18 3 3.0 ref
        q04 Q0 D10 1 1.0 ref
        q09 Q0 D5 7 2.0 ref
        q11 Q0 D13 11 2.5 ref
        q02 Q0 D9 1 2.5 ref
        q08 Q0 D5 9 3.0 ref
        q06 Q0 D19 11 1.0 ref
        q08 Q0 D12 10 2.5 ref
        q12 Q0 D6 3 1.5 ref
        q12 Q0 D11 1 1.5 ref
        q03 Q0 D19 1 1.0 ref
        q12 Q0 D16 11 3.0 ref
        q11 Q0 D19 5 1.5 ref
        q06 Q0 D2 2 2.0 ref
        q01 Q0 D8 6 1.5 ref
        q12 Q0 D12 5 1.5 ref
        q01 Q0 D15 5 1.5 ref
        q01 Q0 D16 4 1.5 ref
        q06 Q0 D13 9 2.0 ref
        q04 Q0 D23 6 2.5 ref
        q01 Q0 D1 9 2.5 ref
        q11 Q0 D4 12 2.5 ref
        q01 Q0 D20 2 2.0 ref
        """;

    public static readonly string[] QueryIds = ["q01", "q02", "q03", "q04", "q06", "q07", "q08", "q09"];

    public static readonly double[] NdcgCut5 = [0.056090676139471378, 0, 0, 0.23577791492296693, 0, 0.21576363295129405, 0.41487415357219148, 0];

    public static readonly double[] NdcgCut10 = [0.17388041335032195, 0, 0, 0.47581951686983048, 0, 0.186909132360212, 0.50743845618080541, 0.062837757194471905];

    public const double MeanNdcgCut5 = 0.11531329719824047;

    public const double MeanNdcgCut10 = 0.1758606594944552;
}
