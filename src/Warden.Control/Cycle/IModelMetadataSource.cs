using Warden.Core.Bundle;

namespace Warden.Cycle;

/// <summary>A backend's Open Inference Protocol model metadata (<c>GET /v2/models/{name}</c>), for the Integration Engineer.</summary>
internal interface IModelMetadataSource
{
    /// <summary>The metadata of <paramref name="model"/> at <paramref name="backend"/>; throws <see cref="CycleStepException"/> with the reason when it cannot be had.</summary>
    ValueTask<ModelMetadata> FetchAsync(Uri backend, string model, CancellationToken cancellationToken);
}
