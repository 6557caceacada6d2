using System.Globalization;
using System.Numerics;

namespace DeepLearning.Torch.Evaluation;

/// <summary>Number formatting identical to Python's <c>format(x, ".Nf")</c> and <c>repr(float)</c>.</summary>
internal static class PythonFormat
{
    /// <summary>Fixed-point with <paramref name="digits"/> decimals, rounding the exact binary value half to even.</summary>
    public static string Fixed(double value, int digits)
    {
        if (double.IsNaN(value))
            return "nan";

        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";

        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0)
            exponent = 1;
        else
            mantissa |= 1L << 52;

        exponent -= 1075;
        BigInteger numerator = mantissa * BigInteger.Pow(10, digits);
        BigInteger denominator = BigInteger.One;
        if (exponent > 0)
            numerator <<= exponent;
        else
            denominator <<= -exponent;

        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int cmp = (remainder * 2).CompareTo(denominator);
        if (cmp > 0 || (cmp == 0 && !quotient.IsEven))
            quotient += 1;

        string text = quotient.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        if (digits > 0)
            text = text[..^digits] + "." + text[^digits..];

        return negative ? "-" + text : text;
    }

    /// <summary>Python's <c>repr</c> of a float (shortest round-trip digits, ".0" for integral values).</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
            return "nan";

        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";

        double magnitude = Math.Abs(value);
        if (magnitude != 0 && (magnitude >= 1e16 || magnitude < 1e-4))
        {
            string e = value.ToString("E16", CultureInfo.InvariantCulture);
            string shortest = value.ToString("R", CultureInfo.InvariantCulture);
            int exp = int.Parse(e[(e.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
            string digits = shortest.Replace("-", string.Empty).Replace(".", string.Empty);
            int ePos = digits.IndexOf('E');
            digits = (ePos >= 0 ? digits[..ePos] : digits).TrimStart('0').TrimEnd('0');
            string mant = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return (value < 0 ? "-" : string.Empty) + mant + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }
}
