Console.WriteLine("Prosync");
