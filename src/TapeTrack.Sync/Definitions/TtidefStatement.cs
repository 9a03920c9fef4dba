using System.Collections.Generic;

namespace TapeTrack.Sync.Definitions;

/// <summary>One parsed statement <c>Name(arg, ...);</c>: its name token, argument tokens and closing parenthesis.</summary>
internal sealed class TtidefStatement
{
    public TtidefStatement(TtidefToken name, List<TtidefToken> arguments, TtidefToken closeParen)
    {
        Name = name;
        Arguments = arguments;
        CloseParen = closeParen;
    }

    public TtidefToken Name { get; }

    public List<TtidefToken> Arguments { get; }

    public TtidefToken CloseParen { get; }

    /// <summary>Whether an argument already carries a reported error (so the statement is not applied).</summary>
    public bool HasTokenError
    {
        get
        {
            foreach (var argument in Arguments)
            {
                if (argument.HasError)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
