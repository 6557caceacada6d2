using TorchSharp;

namespace DeepLearning.Torch.Training;

/// <summary>Optimizer recipes with PyTorch's defaults (TorchSharp implementations).</summary>
public static class Optimizers
{
    /// <summary>Stochastic gradient descent, optionally with (Nesterov) momentum.</summary>
    /// <param name="learningRate">Learning rate.</param>
    /// <param name="momentum">Momentum factor, at least 0.</param>
    /// <param name="nesterov">Nesterov momentum (needs momentum &gt; 0).</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    public static OptimizerSpec Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false, double weightDecay = 0)
    {
        NonNegative(momentum, nameof(momentum));
        NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && momentum <= 0)
            throw new ArgumentException("Nesterov momentum needs momentum > 0.", nameof(nesterov));
        return new OptimizerSpec("SGD", learningRate, p => torch.optim.SGD(p, learningRate, momentum, 0, weightDecay, nesterov));
    }

    /// <summary>Adam.</summary>
    /// <param name="learningRate">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">Denominator guard.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="amsgrad">Use the AMSGrad variant.</param>
    public static OptimizerSpec Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
    {
        Betas(beta1, beta2);
        NonNegative(weightDecay, nameof(weightDecay));
        return new OptimizerSpec("Adam", learningRate, p => torch.optim.Adam(p, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad));
    }

    /// <summary>AdamW (decoupled weight decay).</summary>
    /// <param name="learningRate">Learning rate.</param>
    /// <param name="weightDecay">Decoupled weight decay.</param>
    /// <param name="beta1">Decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">Denominator guard.</param>
    public static OptimizerSpec AdamW(double learningRate = 1e-3, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        Betas(beta1, beta2);
        NonNegative(weightDecay, nameof(weightDecay));
        return new OptimizerSpec("AdamW", learningRate, p => torch.optim.AdamW(p, learningRate, beta1, beta2, epsilon, weightDecay));
    }

    /// <summary>RMSprop.</summary>
    /// <param name="learningRate">Learning rate.</param>
    /// <param name="alpha">Smoothing constant (Keras <c>rho</c>), in [0, 1).</param>
    /// <param name="epsilon">Denominator guard.</param>
    /// <param name="momentum">Momentum factor, at least 0.</param>
    /// <param name="centered">Normalise by the estimated variance of the gradient.</param>
    public static OptimizerSpec RmsProp(double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double momentum = 0, bool centered = false)
    {
        Fraction(alpha, nameof(alpha));
        NonNegative(momentum, nameof(momentum));
        return new OptimizerSpec("RMSprop", learningRate, p => torch.optim.RMSProp(p, learningRate, alpha, epsilon, 0, momentum, centered));
    }

    /// <summary>Adagrad.</summary>
    /// <param name="learningRate">Learning rate.</param>
    /// <param name="initialAccumulatorValue">Start value of the squared-gradient sums.</param>
    /// <param name="epsilon">Denominator guard.</param>
    public static OptimizerSpec Adagrad(double learningRate = 0.01, double initialAccumulatorValue = 0, double epsilon = 1e-10)
    {
        NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue));
        return new OptimizerSpec("Adagrad", learningRate, p => torch.optim.Adagrad(p, learningRate, 0, 0, initialAccumulatorValue, epsilon));
    }

    /// <summary>Adadelta.</summary>
    /// <param name="learningRate">Scale of the update (PyTorch default 1).</param>
    /// <param name="rho">Decay of the running averages, in [0, 1).</param>
    /// <param name="epsilon">Denominator guard.</param>
    public static OptimizerSpec Adadelta(double learningRate = 1.0, double rho = 0.9, double epsilon = 1e-6)
    {
        Fraction(rho, nameof(rho));
        return new OptimizerSpec("Adadelta", learningRate, p => torch.optim.Adadelta(p, learningRate, rho, epsilon));
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and at least 0.");
    }

    private static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
    }

    private static void Betas(double beta1, double beta2)
    {
        Fraction(beta1, nameof(beta1));
        Fraction(beta2, nameof(beta2));
    }
}
