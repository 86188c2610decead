using Warden.Cli;

return WardenCli.Run(args, CliEnvironment.FromProcess());
