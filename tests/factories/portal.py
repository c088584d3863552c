import factory
import wagtail_factories
from allauth.account.models import EmailAddress

from portal.models import HomePage, ProgrammeIndexPage, ProgrammePage, StandardPage, User

TEST_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user whose e-mail address is verified, as allauth requires."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(*extracted)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Beranda"
    hero_title = "Selamat datang"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Halaman {n}")
    introduction = "Pengantar halaman."


class ProgrammeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgrammeIndexPage

    title = "Program Literasi"


class ProgrammePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgrammePage

    title = factory.Sequence(lambda n: f"Program {n}")
    summary = "Ringkasan program."
