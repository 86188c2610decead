using System.Net.Http.Headers;
using Warden.Core.Bundle;
using Warden.Core.Evidence;

namespace Warden.Cycle;

/// <summary><see cref="IModelMetadataSource"/> over HTTP: <c>GET {backend}/v2/models/{model}</c>, read as a model_metadata.json is.</summary>
internal sealed class HttpModelMetadataSource(HttpClient client) : IModelMetadataSource
{
    /// <inheritdoc />
    public async ValueTask<ModelMetadata> FetchAsync(Uri backend, string model, CancellationToken cancellationToken)
    {
        var url = new Uri(backend, $"v2/models/{Uri.EscapeDataString(model)}");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CycleStepException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return ModelMetadataReader.Read(body, url.ToString());
        }
        catch (HttpRequestException ex)
        {
            throw new CycleStepException($"GET {url} failed: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CycleStepException($"GET {url} timed out after {client.Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (EvidenceFormatException ex)
        {
            throw new CycleStepException($"GET {url}: not Open Inference Protocol model metadata: {ex.Message}", ex);
        }
    }
}
