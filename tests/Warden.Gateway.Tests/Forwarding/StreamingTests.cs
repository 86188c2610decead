using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Forwarding;

/// <summary>
/// Bodies stream through the gateway: each test makes the far side wait until the near side has
/// seen the first part, which can only happen if the gateway passed that part on before it had
/// the rest. A gateway that buffered whole bodies would deadlock here, and the test would fail
/// on its deadline instead of hanging.
/// </summary>
public sealed class StreamingTests
{
    private const int FirstPart = 256 * 1024;

    [Fact]
    public async Task Response_LargeBody_StreamsBeforeBackendFinishes()
    {
        var clientSawFirstPart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var backendWaited = false;
        const int Rest = 8 * 1024 * 1024;
        await using var backend = await TestBackend.StartAsync(async context =>
        {
            context.Response.ContentLength = FirstPart + Rest;
            await context.Response.Body.WriteAsync(Pattern(0, FirstPart));
            await context.Response.Body.FlushAsync();
            backendWaited = await Task.WhenAny(clientSawFirstPart.Task, Task.Delay(10_000)) == clientSawFirstPart.Task;
            for (var sent = 0; sent < Rest; sent += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(Pattern(FirstPart + sent, 64 * 1024));
            }
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        using var response = await gateway.Client.GetAsync("ranker/big", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
            if (total >= FirstPart)
            {
                clientSawFirstPart.TrySetResult();
            }
        }

        Assert.True(backendWaited, "the first part did not reach the client while the backend held the rest back");
        Assert.Equal(FirstPart + Rest, total);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pattern(0, FirstPart + Rest))), Convert.ToHexStringLower(hash.GetHashAndReset()));
        Assert.Equal(FirstPart + Rest, Assert.Single(await gateway.Observer.OutcomesAsync(1)).ResponseBytes);
    }

    [Fact]
    public async Task Request_LargeBody_StreamsBeforeClientFinishes()
    {
        var backendSawFirstPart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Rest = 16 * 1024 * 1024;
        await using var backend = await TestBackend.StartAsync(async context =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
                if (total >= FirstPart)
                {
                    backendSawFirstPart.TrySetResult();
                }
            }

            await context.Response.WriteAsync($"{total} {Convert.ToHexStringLower(hash.GetHashAndReset())}");
        });
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { MaxBodyBytes = 64 * 1024 * 1024 };
        await using var gateway = await TestGateway.StartAsync(options);
        var content = new GatedContent(Pattern(0, FirstPart), backendSawFirstPart.Task, Rest);

        using var response = await gateway.Client.PostAsync("ranker/upload", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(content.Waited, "the first part did not reach the backend while the client held the rest back");
        var expected = $"{FirstPart + Rest} {Convert.ToHexStringLower(SHA256.HashData(Pattern(0, FirstPart + Rest)))}";
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(FirstPart + Rest, Assert.Single(await gateway.Observer.OutcomesAsync(1)).RequestBytes);
    }

    // Deterministic bytes, so both ends can check the whole body without keeping it.
    private static byte[] Pattern(long offset, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var position = offset + i;
            bytes[i] = (byte)((position * 31) ^ (position >> 8));
        }

        return bytes;
    }

    // Sends the first part, waits for the backend to have it, then sends the rest (chunked).
    private sealed class GatedContent(byte[] first, Task gate, int rest) : HttpContent
    {
        public bool Waited { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            Waited = await Task.WhenAny(gate, Task.Delay(10_000)) == gate;
            for (var sent = 0; sent < rest; sent += 64 * 1024)
            {
                await stream.WriteAsync(Pattern(first.Length + sent, 64 * 1024));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
