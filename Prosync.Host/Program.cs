using Prosync.Host.Hosting;

return await ProsyncHost.RunAsync(args, Console.Out, Console.Error);
