namespace Warden.Tests.Cli;
