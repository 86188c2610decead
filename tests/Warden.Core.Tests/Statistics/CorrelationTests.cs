using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class CorrelationTests
{
    // Data sets shared with the Python reference script (numpy 1.24, scipy 1.10):
    //   D1 = the two literal lists below
    //   i = np.arange(50); D2x = (i*37 % 101) + 0.25*i; D2y = (i*i % 13) + 0.5*D2x   (exact in binary)
    //   D3 = literal small integers with ties in both series
    //   j = np.arange(20); D4x = 1e9 + j; D4y = 1e9 - 2*j + (j % 3)*7.0   (large offset, r < 0)
    private static readonly double[] D1X = [1.2, 2.4, 3.1, 4.8, 5.0, 6.7, 7.3, 8.8, 9.1, 10.5];
    private static readonly double[] D1Y = [2.1, 3.9, 3.0, 5.5, 4.9, 7.9, 6.8, 9.9, 8.7, 12.0];
    private static readonly double[] D3X = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7];
    private static readonly double[] D3Y = [3, 1, 2, 2, 5, 4, 6, 6, 8, 7];

    // r = scipy.stats.pearsonr(x, y); r.statistic, r.confidence_interval(cl).low / .high
    // (scipy's interval is the Fisher z one: tanh(arctanh(r) ∓ ndtri((1 + cl)/2)/sqrt(n − 3))).
    [Theory]
    [InlineData("D1", 0.95, 0.9691249445277152, 0.8709259445326597, 0.992898146803812)]
    [InlineData("D1", 0.99, 0.9691249445277152, 0.8019762009344369, 0.9955356308856954)]
    [InlineData("D2", 0.95, 0.9648906520637672, 0.9386376433902621, 0.9800274017621446)]
    [InlineData("D2", 0.99, 0.9648906520637672, 0.9270012372459494, 0.9832844658678725)]
    [InlineData("D3", 0.95, 0.8720079300201822, 0.5374781806660143, 0.9693972246042486)]
    [InlineData("D3", 0.99, 0.8720079300201822, 0.352089837609937, 0.9806778539732711)]
    [InlineData("D4", 0.95, -0.895416932075622, -0.9582429512081695, -0.7501268730136816)]
    [InlineData("D4", 0.99, -0.895416932075622, -0.9688586627593325, -0.6771739109958447)]
    public void Pearson_ScipyPearsonr_MatchesToOneE12(string set, double confidence, double r, double low, double high)
    {
        var (x, y) = DataSet(set);
        var estimate = Correlation.Pearson(x, y, confidence);

        Assert.Equal(r, estimate.Value, 1e-12);
        Assert.Equal(low, estimate.Low, 1e-12);
        Assert.Equal(high, estimate.High, 1e-12);
        Assert.Equal("pearson-fisher-z", estimate.Method);
        Assert.Equal(x.Length, estimate.SampleSize);
        Assert.Equal(confidence, estimate.Confidence);
    }

    // rho = scipy.stats.spearmanr(x, y).correlation; zc = scipy.stats.norm.ppf((1 + cl)/2);
    // se = np.sqrt(1.06/(n - 3)); np.tanh(np.arctanh(rho) - zc*se), np.tanh(np.arctanh(rho) + zc*se).
    [Theory]
    [InlineData("D1", 0.95, 0.9515151515151514, 0.7949937081336779, 0.9892488951705173)]
    [InlineData("D1", 0.99, 0.9515151515151514, 0.6885542045567965, 0.9933291713178297)]
    [InlineData("D2", 0.95, 0.9614636608692275, 0.9316283761527512, 0.978425154981951)]
    [InlineData("D2", 0.99, 0.9614636608692275, 0.9183033106636037, 0.982035930803936)]
    [InlineData("D3", 0.95, 0.882391001975937, 0.5537469916306133, 0.9731819192122182)]
    [InlineData("D3", 0.99, 0.882391001975937, 0.36627366043575016, 0.983308794693172)]
    [InlineData("D4", 0.95, -0.9248120300751879, -0.9710690888223422, -0.8116623828551744)]
    [InlineData("D4", 0.99, -0.9248120300751879, -0.9786473085385113, -0.7522408841163998)]
    public void Spearman_ScipySpearmanrWithFiellerSe_MatchesToOneE12(
        string set, double confidence, double rho, double low, double high)
    {
        var (x, y) = DataSet(set);
        var estimate = Correlation.Spearman(x, y, confidence);

        Assert.Equal(rho, estimate.Value, 1e-12);
        Assert.Equal(low, estimate.Low, 1e-12);
        Assert.Equal(high, estimate.High, 1e-12);
        Assert.Equal("spearman-fisher-z", estimate.Method);
        Assert.Equal(x.Length, estimate.SampleSize);
    }

    // scipy.stats.rankdata(D3x), scipy.stats.rankdata(D3y) and
    // scipy.stats.rankdata([3.0, -0.0, 0.0, 1e300, -1e300, 3.0, 3.0, inf]).
    [Fact]
    public void AverageRanks_Ties_MatchScipyRankdata()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0, 6.0, 6.0, 6.0, 8.0, 9.0, 10.0], Correlation.AverageRanks(D3X));
        Assert.Equal([4.0, 1.0, 2.5, 2.5, 6.0, 5.0, 7.5, 7.5, 10.0, 9.0], Correlation.AverageRanks(D3Y));
        Assert.Equal(
            [5.0, 2.5, 2.5, 7.0, 1.0, 5.0, 5.0, 8.0],
            Correlation.AverageRanks([3.0, -0.0, 0.0, 1e300, -1e300, 3.0, 3.0, double.PositiveInfinity]));
        Assert.Empty(Correlation.AverageRanks([]));
    }

    [Fact]
    public void AverageRanks_RandomValuesWithTies_MatchQuadraticDefinition()
    {
        // Definition: rank = 1 + #(smaller) + (#(equal) − 1)/2, counted the slow way.
        var random = new Random(5);
        for (var round = 0; round < 50; round++)
        {
            var values = new double[random.Next(1, 60)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.Next(0, 12) * 0.5;
            }

            var ranks = Correlation.AverageRanks(values);
            for (var i = 0; i < values.Length; i++)
            {
                int smaller = 0, equal = 0;
                foreach (var v in values)
                {
                    smaller += v < values[i] ? 1 : 0;
                    equal += v == values[i] ? 1 : 0;
                }

                Assert.Equal(1 + smaller + ((equal - 1) / 2.0), ranks[i]);
            }
        }
    }

    [Fact]
    public void AverageRanks_MillionValues_SumIsTriangularAndFast()
    {
        var random = new Random(17);
        var values = new double[1_000_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(0, 1_000);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ranks = Correlation.AverageRanks(values);
        watch.Stop();

        var sum = 0.0;
        foreach (var rank in ranks)
        {
            sum += rank;
        }

        Assert.Equal(1_000_000.0 * 1_000_001 / 2, sum);
        // An O(n²) tie walk would take minutes here; a sort takes ~100 ms.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void Pearson_ThreePairs_ValueButNoInterval()
    {
        // scipy.stats.pearsonr([1, 2, 3], [1, 3, 2]).statistic = 0.5 (by hand: sxy = 1, sxx = syy = 2).
        var estimate = Correlation.Pearson([1.0, 2, 3], [1.0, 3, 2]);

        Assert.Equal(0.5, estimate.Value, 1e-15);
        Assert.Equal(-1.0, estimate.Low);
        Assert.Equal(1.0, estimate.High);
        Assert.Equal("pearson-fisher-z (n < 4: no interval)", estimate.Method);
    }

    [Fact]
    public void Spearman_TwoPairs_ValueButNoInterval()
    {
        var estimate = Correlation.Spearman([1.0, 2], [5.0, 4]);

        Assert.Equal(-1.0, estimate.Value, 1e-15);
        Assert.Equal(-1.0, estimate.Low);
        Assert.Equal(1.0, estimate.High);
        Assert.Equal("spearman-fisher-z (n < 4: no interval)", estimate.Method);
    }

    [Fact]
    public void Pearson_ExactLine_IsOneWithDegenerateInterval()
    {
        double[] x = [0.1, 0.7, 1.3, 2.2, 5.0, 8.8];
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = (-3 * x[i]) + 2;
        }

        var estimate = Correlation.Pearson(x, y);

        Assert.Equal(-1.0, estimate.Value, 1e-14);
        Assert.InRange(estimate.Low, -1.0, -0.9999999);
        Assert.InRange(estimate.High, -1.0, -0.9999999);
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    [InlineData(4e9)]
    public void Pearson_ExtremeScale_SameAsUnscaled(double scale)
    {
        // Without the power-of-two scaling, 1e300 squares overflow to ∞ and 1e-300 squares underflow to 0.
        var scaledX = new double[D1X.Length];
        var shiftedY = new double[D1Y.Length];
        for (var i = 0; i < D1X.Length; i++)
        {
            scaledX[i] = D1X[i] * scale;
            shiftedY[i] = D1Y[i] * scale;
        }

        Assert.Equal(0.9691249445277152, Correlation.Pearson(scaledX, shiftedY).Value, 1e-12);
    }

    [Fact]
    public void Correlations_RandomSeries_IntervalInsideRangeContainsEstimateAndWidens()
    {
        var random = new Random(2_024);
        for (var round = 0; round < 300; round++)
        {
            var n = random.Next(4, 400);
            var slope = (random.NextDouble() * 4) - 2;
            var x = new double[n];
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = random.NextDouble() * 100;
                y[i] = (slope * x[i]) + (random.NextDouble() * 60);
            }

            foreach (var statistic in new Func<double, Estimate>[]
                     { c => Correlation.Pearson(x, y, c), c => Correlation.Spearman(x, y, c) })
            {
                var at95 = statistic(0.95);
                var at99 = statistic(0.99);

                Assert.InRange(at95.Value, at95.Low, at95.High);
                Assert.InRange(at95.Low, -1.0, 1.0);
                Assert.InRange(at95.High, -1.0, 1.0);
                Assert.True(at99.Low < at95.Low && at99.High > at95.High, $"n = {n}, r = {at95.Value}");
            }
        }
    }

    [Fact]
    public void Correlations_SwappedSeries_SameEstimate()
    {
        var (x, y) = DataSet("D2");

        Assert.Equal(Correlation.Pearson(x, y), Correlation.Pearson(y, x));
        Assert.Equal(Correlation.Spearman(x, y), Correlation.Spearman(y, x));
    }

    [Fact]
    public void Spearman_MonotoneTransform_Unchanged()
    {
        // Spearman depends only on order: exp() and a cube keep it, while Pearson's r changes.
        var (x, y) = DataSet("D1");
        var expX = new double[x.Length];
        var cubeY = new double[y.Length];
        for (var i = 0; i < x.Length; i++)
        {
            expX[i] = Math.Exp(x[i]);
            cubeY[i] = y[i] * y[i] * y[i];
        }

        Assert.Equal(Correlation.Spearman(x, y), Correlation.Spearman(expX, cubeY));
        Assert.NotEqual(Correlation.Pearson(x, y).Value, Correlation.Pearson(expX, cubeY).Value, 1e-3);
    }

    [Fact]
    public void Pearson_LengthsDiffer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Correlation.Pearson([1.0, 2, 3, 4], [1.0, 2, 3]));

        Assert.Equal("x and y must have the same length, one pair per index (got 4 and 3) (Parameter 'y')", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Spearman_FewerThanTwoPairs_Throws(int n)
    {
        var ex = Assert.Throws<ArgumentException>(() => Correlation.Spearman(new double[n], new double[n]));

        Assert.Equal($"correlation needs at least 2 pairs (got {n}) (Parameter 'x')", ex.Message);
    }

    [Theory]
    [InlineData(false, 2, double.NaN, "x[2] is NaN; correlation needs finite values (Parameter 'x')")]
    [InlineData(true, 0, double.PositiveInfinity, "y[0] is Infinity; correlation needs finite values (Parameter 'y')")]
    [InlineData(true, 4, double.NegativeInfinity, "y[4] is -Infinity; correlation needs finite values (Parameter 'y')")]
    public void Correlations_NonFiniteValue_ThrowNamingIndex(bool inY, int index, double bad, string message)
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [2, 1, 4, 3, 5];
        (inY ? y : x)[index] = bad;

        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Correlation.Pearson(x, y)).Message);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Correlation.Spearman(x, y)).Message);
    }

    [Fact]
    public void Correlations_ConstantSeries_ThrowUndefined()
    {
        // 0.1 summed three times and divided by 3 is not 0.1 again: the variance would come out a
        // few ulps above zero if constancy were judged from it.
        double[] constant = [0.1, 0.1, 0.1, 0.1, 0.1];
        double[] varying = [1, 2, 3, 4, 5];

        foreach (var call in new Action[]
                 {
                     () => Correlation.Pearson(constant, varying),
                     () => Correlation.Pearson(varying, constant),
                     () => Correlation.Spearman(varying, [-0.0, 0.0, 0.0, -0.0, 0.0]),
                 })
        {
            var ex = Assert.Throws<ArgumentException>(call);
            Assert.Equal("one of the series is constant; correlation is undefined", ex.Message);
        }
    }

    [Fact]
    public void AverageRanks_NaN_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Correlation.AverageRanks([1.0, double.NaN]));

        Assert.Equal("values[1] is NaN; ranks need comparable values (Parameter 'values')", ex.Message);
    }

    [Fact]
    public void Pearson_ConfidenceOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Correlation.Pearson(D1X, D1Y, 0));

        Assert.Equal("confidence must be strictly between 0 and 1, e.g. 0.95 (got 0) (Parameter 'confidence')", ex.Message);
    }

    private static (double[] X, double[] Y) DataSet(string name)
    {
        switch (name)
        {
            case "D1":
                return (D1X, D1Y);
            case "D3":
                return (D3X, D3Y);
            case "D2":
            {
                var x = new double[50];
                var y = new double[50];
                for (var i = 0; i < 50; i++)
                {
                    x[i] = (i * 37 % 101) + (0.25 * i);
                    y[i] = (i * i % 13) + (0.5 * x[i]);
                }

                return (x, y);
            }

            case "D4":
            {
                var x = new double[20];
                var y = new double[20];
                for (var j = 0; j < 20; j++)
                {
                    x[j] = 1e9 + j;
                    y[j] = 1e9 - (2 * j) + (j % 3 * 7.0);
                }

                return (x, y);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown data set");
        }
    }
}
