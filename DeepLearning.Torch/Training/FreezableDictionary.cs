using System.Collections;

namespace DeepLearning.Torch.Training;

/// <summary>A dictionary keyed by output name that refuses changes once its owner is frozen.</summary>
internal sealed class FreezableDictionary<T> : IDictionary<string, T>
{
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Func<bool> _isFrozen;
    private readonly string _name;
    private readonly Func<string, T, T> _validate;

    /// <param name="isFrozen">Whether the owner is frozen.</param>
    /// <param name="name">The owner's property name, for messages.</param>
    /// <param name="validate">Checks (and may copy) a value about to be stored under a key.</param>
    internal FreezableDictionary(Func<bool> isFrozen, string name, Func<string, T, T> validate)
    {
        _isFrozen = isFrozen;
        _name = name;
        _validate = validate;
    }

    public T this[string key]
    {
        get => _items[key];
        set => _items[CheckKey(key)] = _validate(key, value);
    }

    public ICollection<string> Keys => _items.Keys;

    public ICollection<T> Values => _items.Values;

    public int Count => _items.Count;

    public bool IsReadOnly => _isFrozen();

    public void Add(string key, T value) => _items.Add(CheckKey(key), _validate(key, value));

    public void Add(KeyValuePair<string, T> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        Check();
        _items.Clear();
    }

    public bool Contains(KeyValuePair<string, T> item) => ((ICollection<KeyValuePair<string, T>>)_items).Contains(item);

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, T>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, T>>)_items).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _items.GetEnumerator();

    public bool Remove(string key)
    {
        Check();
        return _items.Remove(key);
    }

    public bool Remove(KeyValuePair<string, T> item)
    {
        Check();
        return ((ICollection<KeyValuePair<string, T>>)_items).Remove(item);
    }

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) => _items.TryGetValue(key, out value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string CheckKey(string key)
    {
        Check();
        if (string.IsNullOrWhiteSpace(key))
            throw new ArgumentException($"TrainerOptions.{_name} is keyed by output name; the key is empty.", _name);
        return key;
    }

    private void Check()
    {
        if (_isFrozen())
            throw new InvalidOperationException($"TrainerOptions.{_name} cannot change after Fit has started (the options are frozen).");
    }
}
