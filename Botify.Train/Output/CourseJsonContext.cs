using System.Text.Json.Serialization;

namespace Botify.Train.Output;

[JsonSerializable(typeof(CourseRecommendation))]
internal sealed partial class CourseJsonContext : JsonSerializerContext;
