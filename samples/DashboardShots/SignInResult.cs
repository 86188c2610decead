namespace Warden.Samples.DashboardShots;

/// <summary>How a sign-in ended: <paramref name="SignedIn"/> with the header's "NAME · ROLE", or refused with the alert's text.</summary>
internal sealed record SignInResult(bool SignedIn, string Text);
