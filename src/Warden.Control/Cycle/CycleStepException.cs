namespace Warden.Cycle;

/// <summary>A step of a phase that could not run (a backend that does not answer, a file that cannot be read): recorded as the phase's problem, never the end of the cycle.</summary>
internal sealed class CycleStepException(string message, Exception? inner = null) : Exception(message, inner);
