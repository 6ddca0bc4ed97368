from django.contrib import admin

from jiesu.insight.models import ScoreWeights


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "basic_credit", "updated_at"]

    def has_add_permission(self, request):
        return not ScoreWeights.objects.exists()
