using System.Collections.ObjectModel;

namespace DeepLearning.Torch.Training;

/// <summary>A list that refuses changes once its owner is frozen.</summary>
internal sealed class FreezableList<T> : Collection<T>
{
    private readonly Func<bool> _isFrozen;
    private readonly string _name;
    private readonly Action<T, int, IList<T>>? _validate;

    /// <param name="isFrozen">Whether the owner is frozen.</param>
    /// <param name="name">The owner's property name, for messages.</param>
    /// <param name="validate">Checks an item about to be stored at an index (the list as it is before), or null.</param>
    internal FreezableList(Func<bool> isFrozen, string name, Action<T, int, IList<T>>? validate = null)
    {
        _isFrozen = isFrozen;
        _name = name;
        _validate = validate;
    }

    protected override void InsertItem(int index, T item)
    {
        Check();
        ArgumentNullException.ThrowIfNull(item);
        _validate?.Invoke(item, -1, this);
        base.InsertItem(index, item);
    }

    protected override void SetItem(int index, T item)
    {
        Check();
        ArgumentNullException.ThrowIfNull(item);
        _validate?.Invoke(item, index, this);
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
