using System.Buffers;
using System.Runtime.CompilerServices;

namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Sorts scores once in O(n) passes (LSD radix sort, 11-bit digits, on order-preserving keys). The result is
/// ascending by score with ties kept in input order, so reading it backwards gives exactly
/// <c>numpy.argsort(score, kind="mergesort")[::-1]</c>: descending score, ties by descending index. When every
/// score is exactly a float (the usual network output), 32-bit keys are sorted (3 passes instead of 6).
/// </summary>
internal static class ScoreOrder
{
    private const int RadixBits = 11;
    private const int Buckets = 1 << RadixBits;

    /// <summary>Maps a double to a key whose unsigned order is the numeric order (-0.0 is folded onto 0.0).</summary>
    public static ulong Key(double value)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value + 0.0);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>Maps a float to an order-preserving 32-bit key.</summary>
    public static uint Key32(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value + 0f);
        return (bits & 0x8000_0000U) != 0 ? ~bits : bits | 0x8000_0000U;
    }

    /// <summary>The double a key was made from (0.0 for -0.0).</summary>
    public static double Value(ulong key)
        => BitConverter.UInt64BitsToDouble((key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key);

    /// <summary>The value a 32-bit key was made from.</summary>
    public static double Value(uint key)
        => BitConverter.UInt32BitsToSingle((key & 0x8000_0000U) != 0 ? key & 0x7FFF_FFFFU : ~key);

    /// <summary>The value of a key of either width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ValueOf<T>(T key)
        where T : unmanaged
        => typeof(T) == typeof(uint) ? Value(Unsafe.As<T, uint>(ref key)) : Value(Unsafe.As<T, ulong>(ref key));

    /// <summary>The original index stored in a payload of <see cref="Sort"/>.</summary>
    public static int IndexOf(int payload) => payload & int.MaxValue;

    /// <summary>
    /// Sorts ascending by score. Returns 32-bit keys when every score is exactly a float (else null) or 64-bit
    /// keys, and for each a payload holding the original index in its low 31 bits and whether the label is 1 in
    /// its sign bit (so the label needs no random access later).
    /// </summary>
    public static (uint[]? Keys32, ulong[]? Keys64, int[] Payload, double[]? SortedWeights) Sort(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, double[]? weights = null)
    {
        int n = scores.Length;
        var payload = GC.AllocateUninitializedArray<int>(n);
        for (int i = 0; i < n; i++)
            payload[i] = labels[i] == 1 ? i | int.MinValue : i;

        bool single = true;
        for (int i = 0; i < n && single; i++)
            single = (double)(float)scores[i] == scores[i];

        if (single)
        {
            var keys = GC.AllocateUninitializedArray<uint>(n);
            for (int i = 0; i < n; i++)
                keys[i] = Key32((float)scores[i]);

            var sortedWeights32 = weights is null ? null : (double[])weights.Clone();
            Radix(keys, payload, 32, sortedWeights32);
            return (keys, null, payload, sortedWeights32);
        }

        var keys64 = GC.AllocateUninitializedArray<ulong>(n);
        for (int i = 0; i < n; i++)
            keys64[i] = Key(scores[i]);

        var sortedWeights = weights is null ? null : (double[])weights.Clone();
        Radix(keys64, payload, 64, sortedWeights);
        return (null, keys64, payload, sortedWeights);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digit<T>(T key, int shift)
        where T : unmanaged
    {
        ulong k = typeof(T) == typeof(uint) ? Unsafe.As<T, uint>(ref key) : Unsafe.As<T, ulong>(ref key);
        return (int)((k >> shift) & (Buckets - 1));
    }

    /// <summary>Stable LSD radix sort of keys with their payload, in place (scratch from the shared pool).</summary>
    private static void Radix<T>(T[] keys, int[] payload, int keyBits, double[]? values)
        where T : unmanaged
    {
        int n = keys.Length;
        int passes = (keyBits + RadixBits - 1) / RadixBits;
        var counts = new int[passes * Buckets];
        for (int i = 0; i < n; i++)
        {
            T k = keys[i];
            for (int p = 0; p < passes; p++)
                counts[(p * Buckets) + Digit(k, p * RadixBits)]++;
        }

        var keysTmp = ArrayPool<T>.Shared.Rent(n);
        var payloadTmp = ArrayPool<int>.Shared.Rent(n);
        var valuesTmp = values is null ? null : ArrayPool<double>.Shared.Rent(n);
        T[] src = keys, dst = keysTmp;
        int[] srcP = payload, dstP = payloadTmp;
        double[]? srcV = values, dstV = valuesTmp;
        var offsets = new int[Buckets];
        for (int p = 0; p < passes; p++)
        {
            int shift = p * RadixBits;
            var pass = counts.AsSpan(p * Buckets, Buckets);
            if (n == 0 || pass[Digit(src[0], shift)] == n)
            {
                continue; // every key has the same digit here: this pass would not move anything
            }

            int sum = 0;
            for (int b = 0; b < Buckets; b++)
            {
                offsets[b] = sum;
                sum += pass[b];
            }

            if (srcV is null)
            {
                for (int i = 0; i < n; i++)
                {
                    T k = src[i];
                    int dest = offsets[Digit(k, shift)]++;
                    dst[dest] = k;
                    dstP[dest] = srcP[i];
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    T k = src[i];
                    int dest = offsets[Digit(k, shift)]++;
                    dst[dest] = k;
                    dstP[dest] = srcP[i];
                    dstV![dest] = srcV[i];
                }
            }

            (src, dst) = (dst, src);
            (srcP, dstP) = (dstP, srcP);
            (srcV, dstV) = (dstV, srcV);
        }

        if (!ReferenceEquals(src, keys))
        {
            Array.Copy(src, keys, n);
            Array.Copy(srcP, payload, n);
            if (values is not null)
                Array.Copy(srcV!, values, n);
        }

        ArrayPool<T>.Shared.Return(keysTmp);
        ArrayPool<int>.Shared.Return(payloadTmp);
        if (valuesTmp is not null)
            ArrayPool<double>.Shared.Return(valuesTmp);
    }
}
