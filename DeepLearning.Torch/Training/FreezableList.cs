using System.Collections.ObjectModel;

namespace DeepLearning.Torch.Training;

/// <summary>A list that refuses changes once its owner is frozen.</summary>
internal sealed class FreezableList<T> : Collection<T>
{
    private readonly Func<bool> _isFrozen;
    private readonly string _name;

    internal FreezableList(Func<bool> isFrozen, string name)
    {
        _isFrozen = isFrozen;
        _name = name;
    }

    protected override void InsertItem(int index, T item)
    {
        Check();
        ArgumentNullException.ThrowIfNull(item);
        base.InsertItem(index, item);
    }

    protected override void SetItem(int index, T item)
    {
        Check();
        ArgumentNullException.ThrowIfNull(item);
        base.SetItem(index, item);
    }

    protected override void RemoveItem(int index)
    {
        Check();
        base.RemoveItem(index);
    }

    protected override void ClearItems()
    {
        Check();
        base.ClearItems();
    }

    private void Check()
    {
        if (_isFrozen())
            throw new InvalidOperationException($"TrainerOptions.{_name} cannot change after Fit has started (the options are frozen).");
    }
}
